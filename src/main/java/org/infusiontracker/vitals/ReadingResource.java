package org.infusiontracker.vitals;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.security.Roles;
import org.infusiontracker.vitals.VitalsApi.AmendReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/** A reading by its own id: where the {@code Location} of a recorded reading points, with its versions. */
@Path("/api/v1/vitals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vital signs")
public class ReadingResource {

    private final VitalsService vitals;

    ReadingResource(VitalsService vitals) {
        this.vitals = vitals;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(
            operationId = "readReading",
            summary = "Read a reading",
            description = "One reading by the id of any of its versions.")
    public ReadingView get(UUID id) {
        return vitals.get(id);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Path("{id}/amend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "amendReading",
            summary = "Correct or retract a reading",
            description = "Corrects a reading with a new version (201), or retracts it with enteredInError (200); a "
                    + "reason is required either way.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "200",
            description = "The retracted reading",
            content = @Content(schema = @Schema(implementation = ReadingView.class)))
    @APIResponse(
            responseCode = "201",
            description = "The new version, which supersedes the corrected one",
            content = @Content(schema = @Schema(implementation = ReadingView.class)))
    @APIResponse(
            responseCode = "409",
            description =
                    "This version was already amended or retracted, or the session closed before the corrected time")
    public Response amend(UUID id, @NotNull @Valid AmendReading body) {
        if (body.retraction()) {
            return Response.ok(vitals.retract(id, body)).build();
        }
        ReadingView created = vitals.correct(id, body);
        return Response.created(URI.create("/api/v1/vitals/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}/history")
    @Operation(
            operationId = "readReadingHistory",
            summary = "A reading's versions",
            description = "Every version of the reading, oldest first, whichever version's id is given.")
    public List<ReadingView> history(UUID id) {
        return vitals.history(id);
    }
}
