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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.adverse.AdverseEventApi.AmendAdverseEvent;
import org.infusiontracker.adverse.AdverseEventApi.ResolveAdverseEvent;
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
    @Operation(summary = "Read one adverse event (any version)")
    public AdverseEventView get(UUID id) {
        return events.get(id);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/resolve")
    @Operation(summary = "Resolve an adverse event with its outcome (at defaults to now)")
    public AdverseEventView resolve(UUID id, @NotNull @Valid ResolveAdverseEvent body) {
        return events.resolve(id, body);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Path("{id}/amend")
    @Operation(
            summary =
                    "Correct an adverse event with a new version (201), or retract it with enteredInError (200); a reason is required")
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
    @Operation(summary = "Every version of the adverse event, oldest first, whichever version's id is given")
    public List<AdverseEventView> history(UUID id) {
        return events.history(id);
    }
}
