package org.infusiontracker.monitors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.monitors.MonitorApi.MonitorView;
import org.infusiontracker.monitors.MonitorApi.PutMonitor;
import org.infusiontracker.security.Roles;

/**
 * Which chair each of the clinic's bedside monitors stands at: a monitor's HL7 messages (received
 * over MLLP, docs/monitors.md) are recorded into the open session of its chair.
 */
@Path("/api/v1/monitors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Monitors")
public class MonitorResource {

    private final Monitors monitors;

    MonitorResource(Monitors monitors) {
        this.monitors = monitors;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "listMonitors",
            summary = "The clinic's monitors",
            description = "Each monitor's device id and chair, by device id.")
    public List<MonitorView> list() {
        return monitors.list();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{deviceId}")
    @Operation(operationId = "readMonitor", summary = "A monitor", description = "The monitor's chair.")
    public MonitorView get(@PathParam("deviceId") String deviceId) {
        return monitors.get(deviceId);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @PUT
    @Path("{deviceId}")
    @Operation(
            operationId = "putMonitor",
            summary = "Map a monitor to a chair",
            description = "The monitor (its device id, 1 to 64 letters, digits, '.', '_' or '-', as it sends it in "
                    + "OBX-18 or MSH-3) now stands at the chair: its readings go to the chair's open session. A "
                    + "device id mapped in two clinics is refused on the monitor's side (AE), never guessed.")
    @APIResponse(
            responseCode = "200",
            description = "The mapping, replaced",
            content = @Content(schema = @Schema(implementation = MonitorView.class)))
    @APIResponse(
            responseCode = "201",
            description = "The mapping, created",
            content = @Content(schema = @Schema(implementation = MonitorView.class)))
    public Response put(@PathParam("deviceId") String deviceId, @NotNull @Valid PutMonitor body) {
        Monitors.Put put = monitors.put(deviceId, body);
        if (put.created()) {
            return Response.created(URI.create("/api/v1/monitors/" + deviceId))
                    .entity(put.monitor())
                    .build();
        }
        return Response.ok(put.monitor()).build();
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @DELETE
    @Path("{deviceId}")
    @Operation(
            operationId = "deleteMonitor",
            summary = "Unmap a monitor",
            description = "The monitor's messages are refused (AE, unknown device) from now on.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response delete(@PathParam("deviceId") String deviceId) {
        monitors.delete(deviceId);
        return Response.noContent().build();
    }
}
