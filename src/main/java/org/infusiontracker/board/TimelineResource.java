package org.infusiontracker.board;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.board.TimelineService.Entry;
import org.infusiontracker.security.Roles;

@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Board")
public class TimelineResource {

    private final TimelineService timelines;

    TimelineResource(TimelineService timelines) {
        this.timelines = timelines;
    }

    @GET
    @Path("{sessionId}/timeline")
    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @Operation(
            operationId = "readTimeline",
            summary = "Read a session's timeline",
            description = "A session's transitions, readings, adverse events, flags and acknowledgements in "
                    + "clinical-time order.")
    public List<Entry> timeline(UUID sessionId) {
        return timelines.timeline(sessionId);
    }
}
