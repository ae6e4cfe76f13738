package org.infusiontracker.vitals;

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
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.security.Roles;
import org.infusiontracker.vitals.VitalsApi.ReadingView;
import org.infusiontracker.vitals.VitalsApi.RecordReading;

@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Vital signs")
public class VitalsResource {

    private final VitalsService vitals;

    VitalsResource(VitalsService vitals) {
        this.vitals = vitals;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{sessionId}/vitals")
    @Idempotent
    @Operation(
            operationId = "recordReading",
            summary = "Record vital signs",
            description = "Records a set of vital signs (measuredAt defaults to now); the answer carries NEWS2 and the "
                    + "flags the reading raised.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "201",
            description = "The recorded reading with the flags it raised",
            content = @Content(schema = @Schema(implementation = ReadingView.class)))
    @APIResponse(responseCode = "409", description = "The session closed before the time measured")
    public Response record(UUID sessionId, @NotNull @Valid RecordReading body) {
        ReadingView created = vitals.record(sessionId, body);
        return Response.created(URI.create("/api/v1/vitals/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{sessionId}/vitals")
    @Operation(
            operationId = "listReadings",
            summary = "A session's readings",
            description = "A session's readings in force in clinical-time order (includeAmended=true: every version).")
    public List<ReadingView> list(
            UUID sessionId,
            @Parameter(
                            description = "true: every version, amended and retracted ones too",
                            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                    @QueryParam("includeAmended")
                    String includeAmended) {
        return vitals.list(sessionId, QueryParams.bool(includeAmended, "includeAmended"));
    }
}
