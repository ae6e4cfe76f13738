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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
    @Operation(summary = "Record a set of vital signs (measuredAt defaults to now)")
    public Response record(UUID sessionId, @NotNull @Valid RecordReading body) {
        ReadingView created = vitals.record(sessionId, body);
        return Response.created(URI.create("/api/v1/vitals/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{sessionId}/vitals")
    @Operation(summary = "A session's readings in force in clinical-time order (includeAmended=true: every version)")
    public List<ReadingView> list(UUID sessionId, @QueryParam("includeAmended") String includeAmended) {
        return vitals.list(sessionId, QueryParams.bool(includeAmended, "includeAmended"));
    }
}
