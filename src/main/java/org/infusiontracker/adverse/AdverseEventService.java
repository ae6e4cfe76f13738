package org.infusiontracker.adverse;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.adverse.AdverseEventApi.AmendAdverseEvent;
import org.infusiontracker.adverse.AdverseEventApi.RecordAdverseEvent;
import org.infusiontracker.adverse.AdverseEventApi.ResolveAdverseEvent;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.record.Amendments;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.stream.EventLog;

@ApplicationScoped
@Transactional
public class AdverseEventService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final RuleService rules;
    private final Amendments amendments;
    private final AuditLog audit;
    private final EventLog events;

    AdverseEventService(
            ClinicContext clinic,
            ClinicalTime time,
            SessionService sessions,
            RuleService rules,
            Amendments amendments,
            AuditLog audit,
            EventLog events) {
        this.events = events;
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.rules = rules;
        this.amendments = amendments;
        this.audit = audit;
    }

    public AdverseEventView record(UUID sessionId, RecordAdverseEvent body) {
        InfusionSession session = sessions.requireForRecording(sessionId);
        AdverseEvent e = newEvent(session, body, time.orNow(body.onsetAt(), "onsetAt"));
        e.persist();
        audit.write("CREATE", "adverse-event", e.id, Map.of("sessionId", session.id, "type", e.type));
        return published(AdverseEventView.of(e, rules.onAdverseEvent(session, e)));
    }

    /**
     * A correction: a new version of the event, checked, timed and ruled on as a new event is (with
     * onset, by default, that of the old one); the old version becomes AMENDED. The correction keeps
     * the old version's outcome, because a resolution is a fact of its own that a corrected grade or
     * description does not undo, and an event can be resolved only once.
     */
    public AdverseEventView correct(UUID id, AmendAdverseEvent body) {
        RecordAdverseEvent values = amendments.correction(body);
        AdverseEvent old = inForce(id);
        InfusionSession session = sessions.requireForRecording(old.sessionId);
        AdverseEvent e = newEvent(
                session,
                values,
                values.onsetAt() == null ? old.onsetAt : time.notInFuture(values.onsetAt(), "onsetAt"));
        if (old.outcome != null) {
            if (old.resolvedAt.isBefore(e.onsetAt)) {
                throw new InvalidInput("onsetAt", "must not be after the event was resolved (" + old.resolvedAt + ")");
            }
            e.outcome = old.outcome;
            e.resolvedAt = old.resolvedAt;
            e.resolutionNote = old.resolutionNote;
        }
        amendments.supersede(old, e, body.reason());
        e.persist();
        audit.write("AMEND", "adverse-event", old.id, Map.of("newVersion", e.id, "reason", body.reason()));
        return published(AdverseEventView.of(e, rules.onAdverseEvent(session, e)));
    }

    /** A retraction: the event was entered in error and leaves the session's events; nothing new is written. */
    public AdverseEventView retract(UUID id, AmendAdverseEvent body) {
        amendments.checkRetraction(body);
        AdverseEvent e = inForce(id);
        sessions.requireForRecording(e.sessionId);
        amendments.retract(e, body.reason());
        audit.write("RETRACT", "adverse-event", e.id, Map.of("reason", body.reason()));
        return published(AdverseEventView.of(e));
    }

    private AdverseEventView published(AdverseEventView view) {
        events.publish(clinic.clinicId(), "adverse-event.recorded", view);
        return view;
    }

    /** Every version of the event that {@code id} is one of, oldest first. */
    public List<AdverseEventView> history(UUID id) {
        audit.read("adverse-event", id);
        return amendments.history(AdverseEvent.class, find(id, LockModeType.NONE)).stream()
                .map(AdverseEventView::of)
                .toList();
    }

    private AdverseEvent newEvent(InfusionSession session, RecordAdverseEvent body, Instant onsetAt) {
        AdverseEvent e = new AdverseEvent();
        e.id = UUID.randomUUID();
        e.clinicId = clinic.clinicId();
        e.sessionId = session.id;
        e.recordedBy = clinic.actor();
        e.type = body.type();
        e.grade = body.grade().shortValue();
        e.serious = Boolean.TRUE.equals(body.serious());
        e.recordedAt = time.now();
        e.onsetAt = onsetAt;
        e.lateEntry = SessionService.isLateEntry(session, e.onsetAt, "an event with onset");
        e.description = blankToNull(body.description());
        e.actionTaken = blankToNull(body.actionTaken());
        return e;
    }

    /** The session's events in onset order: the versions in force, or with {@code includeAmended} all of them. */
    public List<AdverseEventView> list(UUID sessionId, boolean includeAmended) {
        InfusionSession session = sessions.require(sessionId);
        audit.read("adverse-events", session.id);
        String where = "sessionId = ?1 and clinicId = ?2" + (includeAmended ? "" : " and " + RecordStatus.IN_FORCE);
        return AdverseEvent.<AdverseEvent>find(
                        where, Sort.by("onsetAt").and("recordedAt").and("id"), session.id, session.clinicId)
                .stream()
                .map(AdverseEventView::of)
                .toList();
    }

    public AdverseEventView get(UUID id) {
        AdverseEvent e = find(id, LockModeType.NONE);
        audit.read("adverse-event", e.id);
        return AdverseEventView.of(e);
    }

    /**
     * Adds the outcome, once: a resolved event is not resolved again (409). Only the version in
     * force is resolved, so that a correction cannot miss an outcome given to the version it replaced.
     */
    public AdverseEventView resolve(UUID id, ResolveAdverseEvent body) {
        AdverseEvent e = inForce(id);
        if (e.outcome != null) {
            throw new Conflict(
                    "Already resolved",
                    "Adverse event " + id + " was resolved at " + e.resolvedAt + " as " + e.outcome);
        }
        Instant at = time.orNow(body.at(), "at");
        if (at.isBefore(e.onsetAt)) {
            throw new InvalidInput("at", "must not be before the onset (" + e.onsetAt + ")");
        }
        e.outcome = body.outcome();
        e.resolvedAt = at;
        e.resolutionNote = blankToNull(body.note());
        audit.write("RESOLVE", "adverse-event", e.id, Map.of("outcome", e.outcome));
        return published(AdverseEventView.of(e));
    }

    /** The version to change, locked so that two changes of it end in one 409; 404, or 409 when not in force. */
    private AdverseEvent inForce(UUID id) {
        AdverseEvent e = find(id, LockModeType.PESSIMISTIC_WRITE);
        amendments.requireFinal(e, "Adverse event");
        return e;
    }

    private AdverseEvent find(UUID id, LockModeType lock) {
        return AdverseEvent.<AdverseEvent>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .withLock(lock)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Adverse event", id));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
