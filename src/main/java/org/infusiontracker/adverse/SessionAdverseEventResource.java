package org.infusiontracker.adverse;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.adverse.AdverseEventApi.RecordAdverseEvent;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.security.Roles;

@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Adverse events")
public class SessionAdverseEventResource {

    private final AdverseEventService events;

    SessionAdverseEventResource(AdverseEventService events) {
        this.events = events;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{sessionId}/adverse-events")
    @Idempotent
    @Operation(
            operationId = "recordAdverseEvent",
            summary = "Record an adverse event",
            description =
                    "Records an adverse event with its CTCAE grade (onsetAt defaults to now); the answer lists the "
                            + "flags it raised.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "201",
            description = "The recorded adverse event with the flags it raised",
            content = @Content(schema = @Schema(implementation = AdverseEventView.class)))
    @APIResponse(responseCode = "409", description = "The session closed before the onset")
    public Response record(UUID sessionId, @NotNull @Valid RecordAdverseEvent body) {
        AdverseEventView created = events.record(sessionId, body);
        return Response.created(URI.create("/api/v1/adverse-events/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{sessionId}/adverse-events")
    @Operation(
            operationId = "listAdverseEvents",
            summary = "A session's adverse events",
            description = "A session's adverse events in force in onset order (includeAmended=true: every version).")
    public List<AdverseEventView> list(
            UUID sessionId,
            @Parameter(
                            description = "true: every version, amended and retracted ones too",
                            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                    @QueryParam("includeAmended")
                    String includeAmended) {
        return events.list(sessionId, QueryParams.bool(includeAmended, "includeAmended"));
    }
}
