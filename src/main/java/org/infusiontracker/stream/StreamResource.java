package org.infusiontracker.stream;

import io.smallrye.common.annotation.Blocking;
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
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
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
import org.infusiontracker.ledger.LedgerApi.Discrepancy;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.security.Roles;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

@Path("/api/v1/stream")
@Tag(name = "Board")
public class StreamResource {

    private final StreamHub hub;
    private final ClinicContext clinic;
    private final JsonWebToken token;

    StreamResource(StreamHub hub, ClinicContext clinic, JsonWebToken token) {
        this.hub = hub;
        this.clinic = clinic;
        this.token = token;
    }

    /**
     * Runs on a worker thread ({@link Blocking}): a method that returns a Multi would otherwise run
     * on the event loop, and opening reads and writes the database (the audit row, the cursor's
     * check, the newest event), which must not stall every other request on that loop when the
     * database is slow or away. A database failure here is a 503 like anywhere else.
     */
    @GET
    @Blocking
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
                            + "adverse-event.retracted an AdverseEventView; flag.raised and flag.acknowledged a FlagView; ledger.discrepancy (a "
                            + "controlled-substance count with a variance, or a loss: CRITICAL) a Discrepancy, sent to "
                            + "nurses and physicians only (a viewer's stream passes over it). "
                            + "An idle stream gets a keep-alive comment now and then. The stream ends when the token "
                            + "expires, after a stream.closed event without id (data {\"reason\":\"token-expired\"}): "
                            + "reconnect with a fresh token. Replay reaches back infusion.stream.retention (a day by "
                            + "default): a Last-Event-ID that is older, no longer kept or not an event of the clinic "
                            + "(such as 0) gets a reset event (data {\"reason\":\"cursor-too-old\"}, id the newest "
                            + "event) instead of the history: reload the board, then the stream goes on live. One "
                            + "person may hold infusion.stream.max-per-user streams (5 by default); one more is 429.")
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
                                            requiredProperties = {"event", "data"},
                                            properties = {
                                                @SchemaProperty(
                                                        name = "id",
                                                        type = SchemaType.STRING,
                                                        description = "The event's position in the clinic's stream; "
                                                                + "stream.closed has none"),
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
                                                            "flag.acknowledged",
                                                            "ledger.discrepancy",
                                                            "reset",
                                                            "stream.closed"
                                                        }),
                                                @SchemaProperty(
                                                        name = "data",
                                                        description =
                                                                "The record the event is about, as JSON; which one the event name says "
                                                                        + "(reset and stream.closed: a StreamNotice)",
                                                        oneOf = {
                                                            SessionView.class,
                                                            ReadingView.class,
                                                            AdverseEventView.class,
                                                            FlagView.class,
                                                            Discrepancy.class,
                                                            StreamNotice.class
                                                        })
                                            })))
    @APIResponse(
            responseCode = "429",
            description = "The person holds infusion.stream.max-per-user open streams already; retry after Retry-After "
                    + "seconds or close one")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "The id of the last event received, to resume after it")
                    @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Context Sse sse) {
        Long after = parse(lastEventId);
        String clinicId = clinic.clinicId();
        StreamHub.Slot slot = hub.reserve(clinicId, clinic.actor());
        StreamHub.Start start;
        try {
            start = hub.begin(clinicId, lastEventId == null ? null : lastEventId.strip(), after);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        long exp = token.getExpirationTime();
        Instant expires = exp > 0 ? Instant.ofEpochSecond(exp) : null;
        return Multi.createFrom()
                .emitter(emitter -> hub.open(clinicId, start, expires, slot, clinic.isClinician(), emitter, sse));
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
