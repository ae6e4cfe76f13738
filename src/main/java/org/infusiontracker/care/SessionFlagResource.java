package org.infusiontracker.care;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.security.Roles;
import org.infusiontracker.session.SessionService;

@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Flags")
public class SessionFlagResource {

    private final SessionService sessions;
    private final FlagService flags;

    SessionFlagResource(SessionService sessions, FlagService flags) {
        this.sessions = sessions;
        this.flags = flags;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{sessionId}/flags")
    @Operation(
            operationId = "listSessionFlags",
            summary = "A session's flags",
            description = "A session's flags, open and acknowledged, in the order they were raised.")
    public List<FlagView> list(UUID sessionId) {
        return flags.ofSession(sessions.require(sessionId).id);
    }
}
