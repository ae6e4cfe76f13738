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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.care.SessionView;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.security.Roles;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

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
            operationId = "followStream",
            summary = "Follow the live event stream",
            description =
                    "Server-Sent Events for the caller's clinic. Each event has an id (reconnect with Last-Event-ID "
                            + "to receive what was missed), a name and a JSON payload: session.created and session.updated "
                            + "carry a SessionView; vitals.recorded, vitals.amended and vitals.retracted a ReadingView; "
                            + "adverse-event.recorded, adverse-event.amended, adverse-event.resolved and "
                            + "adverse-event.retracted an AdverseEventView; flag.raised and flag.acknowledged a FlagView. "
                            + "An idle stream gets a keep-alive comment now and then.")
    @APIResponse(
            responseCode = "200",
            description = "The stream of events, until the client disconnects",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema =
                                    @Schema(
                                            description = "One event as sent: its id, event and data lines",
                                            type = SchemaType.OBJECT,
                                            requiredProperties = {"id", "event", "data"},
                                            properties = {
                                                @SchemaProperty(
                                                        name = "id",
                                                        type = SchemaType.STRING,
                                                        description = "The event's position in the clinic's stream"),
                                                @SchemaProperty(
                                                        name = "event",
                                                        type = SchemaType.STRING,
                                                        enumeration = {
                                                            "session.created",
                                                            "session.updated",
                                                            "vitals.recorded",
                                                            "vitals.amended",
                                                            "vitals.retracted",
                                                            "adverse-event.recorded",
                                                            "adverse-event.amended",
                                                            "adverse-event.resolved",
                                                            "adverse-event.retracted",
                                                            "flag.raised",
                                                            "flag.acknowledged"
                                                        }),
                                                @SchemaProperty(
                                                        name = "data",
                                                        description =
                                                                "The record the event is about, as JSON; which one the event name says",
                                                        oneOf = {
                                                            SessionView.class,
                                                            ReadingView.class,
                                                            AdverseEventView.class,
                                                            FlagView.class
                                                        })
                                            })))
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "The id of the last event received, to resume after it")
                    @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Context Sse sse) {
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
