package org.infusiontracker.adverse;

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
import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.adverse.AdverseEventApi.AmendAdverseEvent;
import org.infusiontracker.adverse.AdverseEventApi.ResolveAdverseEvent;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.security.Roles;

@Path("/api/v1/adverse-events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Adverse events")
public class AdverseEventResource {

    private final AdverseEventService events;

    AdverseEventResource(AdverseEventService events) {
        this.events = events;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(
            operationId = "readAdverseEvent",
            summary = "Read an adverse event",
            description = "One adverse event by the id of any of its versions.")
    public AdverseEventView get(UUID id) {
        return events.get(id);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/resolve")
    @Operation(
            operationId = "resolveAdverseEvent",
            summary = "Resolve an adverse event",
            description =
                    "Records the outcome of the adverse event in force (at defaults to now); an event is resolved once.")
    @APIResponse(responseCode = "200", description = "The resolved adverse event")
    @APIResponse(responseCode = "409", description = "Already resolved, or this version is not the one in force")
    public AdverseEventView resolve(UUID id, @NotNull @Valid ResolveAdverseEvent body) {
        return events.resolve(id, body);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Path("{id}/amend")
    @Operation(
            operationId = "amendAdverseEvent",
            summary = "Correct or retract an adverse event",
            description =
                    "Corrects an adverse event with a new version (201), or retracts it with enteredInError (200); "
                            + "a reason is required either way.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "200",
            description = "The retracted adverse event",
            content = @Content(schema = @Schema(implementation = AdverseEventView.class)))
    @APIResponse(
            responseCode = "201",
            description = "The new version, which supersedes the corrected one",
            content = @Content(schema = @Schema(implementation = AdverseEventView.class)))
    @APIResponse(
            responseCode = "409",
            description =
                    "This version was already amended or retracted, or the session closed before the corrected onset")
    public Response amend(UUID id, @NotNull @Valid AmendAdverseEvent body) {
        if (body.retraction()) {
            return Response.ok(events.retract(id, body)).build();
        }
        AdverseEventView created = events.correct(id, body);
        return Response.created(URI.create("/api/v1/adverse-events/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}/history")
    @Operation(
            operationId = "readAdverseEventHistory",
            summary = "An adverse event's versions",
            description = "Every version of the adverse event, oldest first, whichever version's id is given.")
    public List<AdverseEventView> history(UUID id) {
        return events.history(id);
    }
}
