package org.infusiontracker.stream;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.security.Roles;

@Path("/api/v1/stream")
@Tag(name = "Board")
public class StreamResource {

    private final StreamHub hub;
    private final ClinicContext clinic;

    StreamResource(StreamHub hub, ClinicContext clinic) {
        this.hub = hub;
        this.clinic = clinic;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @Operation(
            summary =
                    "Server-Sent Events for the caller's clinic: flag.raised, flag.acknowledged, session.updated, "
                            + "vitals.recorded, adverse-event.recorded; reconnect with Last-Event-ID to receive what was missed")
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Long after = parse(lastEventId);
        String clinicId = clinic.clinicId();
        return Multi.createFrom().emitter(emitter -> hub.open(clinicId, after, emitter, sse));
    }

    private static Long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(lastEventId.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInput("Last-Event-ID", "must be the id of an event this stream sent");
        }
    }
}
