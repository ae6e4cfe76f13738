package org.infusiontracker.adverse;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.Amendments;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.FactHistory;
import org.infusiontracker.rules.Facts;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.RaisedBy;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionFacts;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

@ApplicationScoped
@Transactional
public class AdverseEventService {

    private static final Sort ONSET_ORDER = Sort.by("onsetAt").and("recordedAt").and("id");

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final RuleService rules;
    private final Amendments amendments;
    private final AuditLog audit;
    private final EventLog events;

    AdverseEventService(
            ClinicContext clinic,
            ClinicalTime time,
            SessionService sessions,
            PatientService patients,
            Readings readings,
            RuleService rules,
            Amendments amendments,
            AuditLog audit,
            EventLog events) {
        this.events = events;
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.rules = rules;
        this.amendments = amendments;
        this.audit = audit;
    }

    public AdverseEventView record(UUID sessionId, RecordAdverseEvent body) {
        InfusionSession session = sessions.requireForRecording(sessionId);
        AdverseEvent e = newEvent(session, body, time.orNow(body.onsetAt(), "onsetAt"));
        e.persist();
        audit.write("CREATE", "adverse-event", e.id, Map.of("sessionId", session.id, "type", e.type));
        return published(EventType.ADVERSE_EVENT_RECORDED, AdverseEventView.of(e, judge(session, e)));
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
        return published(EventType.ADVERSE_EVENT_AMENDED, AdverseEventView.of(e, judge(session, e)));
    }

    /** A retraction: the event was entered in error and leaves the session's events; nothing new is written. */
    public AdverseEventView retract(UUID id, AmendAdverseEvent body) {
        amendments.checkRetraction(body);
        AdverseEvent e = inForce(id);
        sessions.requireForRecording(e.sessionId);
        amendments.retract(e, body.reason());
        audit.write("RETRACT", "adverse-event", e.id, Map.of("reason", body.reason()));
        return published(EventType.ADVERSE_EVENT_RETRACTED, AdverseEventView.of(e));
    }

    private AdverseEventView published(EventType event, AdverseEventView view) {
        events.publish(clinic.clinicId(), event, view);
        return view;
    }

    /**
     * The adverse-event rules on an event just written: the event, the latest value of each vital
     * sign measured up to its onset, the baseline, the session at onset, and the patient when a rule
     * reads it.
     */
    private List<FlagView> judge(InfusionSession session, AdverseEvent e) {
        return rules.raise(Trigger.ADVERSE_EVENT, RaisedBy.event(session.clinicId, session.id, e.id), () -> {
            List<VitalReading> course = readings.inForce(session);
            return facts(
                    session,
                    e,
                    course,
                    rules.reads(session.clinicId, Trigger.ADVERSE_EVENT, PatientFacts.VARIABLE)
                            ? patients.facts(session.patientId, session.clinicId)
                            : null);
        });
    }

    /** The facts an event is judged on, from the session's readings in force at hand. */
    public Facts facts(InfusionSession s, AdverseEvent e, List<VitalReading> course, PatientFacts patient) {
        return readings.pictureAt(s, course, e.onsetAt)
                .with(SessionFacts.VARIABLE, s.facts(e.onsetAt))
                .with(PatientFacts.VARIABLE, patient)
                .with(EventFacts.VARIABLE, e.facts(s.dosingStartedAt));
    }

    /** The session's adverse events in force without an outcome, in onset order, as the rules see them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventFacts> unresolved(InfusionSession s) {
        return unresolved(List.of(s), s.clinicId).getOrDefault(s.id, List.of());
    }

    /**
     * Of each session, its adverse events in force without an outcome, in onset order, as the rules
     * see them: one query for all the sessions.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, List<EventFacts>> unresolved(List<InfusionSession> sessions, String clinicId) {
        Map<UUID, InfusionSession> byId = new HashMap<>();
        sessions.forEach(s -> byId.put(s.id, s));
        Map<UUID, List<EventFacts>> bySession = new HashMap<>();
        AdverseEvent.<AdverseEvent>list(
                        "sessionId in ?1 and clinicId = ?2 and outcome is null and " + RecordStatus.IN_FORCE,
                        ONSET_ORDER,
                        List.copyOf(byId.keySet()),
                        clinicId)
                .forEach(e -> bySession
                        .computeIfAbsent(e.sessionId, k -> new ArrayList<>())
                        .add(e.facts(byId.get(e.sessionId).dosingStartedAt)));
        return bySession;
    }

    /** The session's events in force, in onset order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AdverseEvent> inForce(InfusionSession s) {
        return AdverseEvent.<AdverseEvent>list(
                "sessionId = ?1 and clinicId = ?2 and " + RecordStatus.IN_FORCE, ONSET_ORDER, s.id, s.clinicId);
    }

    /**
     * The sessions of the clinic with events in force with onset in {@code [from, to)}, with the
     * first onset and their count, ordered by that onset: one aggregate query.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FactHistory.Span> spansWithOnsetIn(String clinicId, Instant from, Instant to) {
        return FactHistory.Span.of(
                AdverseEvent.getEntityManager(), "AdverseEvent", "sessionId", "onsetAt", clinicId, from, to);
    }

    /** These sessions' events in force with onset in {@code [from, to)}, by session, in onset order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, List<AdverseEvent>> withOnsetIn(String clinicId, List<UUID> sessionIds, Instant from, Instant to) {
        Map<UUID, List<AdverseEvent>> bySession = new LinkedHashMap<>();
        AdverseEvent.<AdverseEvent>list(
                        "clinicId = ?1 and sessionId in ?2 and onsetAt >= ?3 and onsetAt < ?4 and "
                                + RecordStatus.IN_FORCE,
                        ONSET_ORDER,
                        clinicId,
                        sessionIds,
                        from,
                        to)
                .forEach(e -> bySession
                        .computeIfAbsent(e.sessionId, k -> new ArrayList<>())
                        .add(e));
        return bySession;
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
        List<AdverseEvent> events = includeAmended
                ? AdverseEvent.<AdverseEvent>list(
                        "sessionId = ?1 and clinicId = ?2", ONSET_ORDER, session.id, session.clinicId)
                : inForce(session);
        return events.stream().map(AdverseEventView::of).toList();
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
        return published(EventType.ADVERSE_EVENT_RESOLVED, AdverseEventView.of(e));
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
