package org.infusiontracker.vitals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.Amendments;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.RaisedBy;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.sql.TimeOrderedIds;
import org.infusiontracker.vitals.VitalsApi.AmendReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;
import org.infusiontracker.vitals.VitalsApi.RecordReading;

@ApplicationScoped
@Transactional
public class VitalsService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final RuleService rules;
    private final Amendments amendments;
    private final AuditLog audit;
    private final EventLog events;

    VitalsService(
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
        this.audit = audit;
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.rules = rules;
        this.amendments = amendments;
    }

    public ReadingView record(UUID sessionId, RecordReading body) {
        checkTogether(body);
        InfusionSession session = sessions.requireForRecording(sessionId);
        VitalReading r = newReading(session, body, time.orNow(body.measuredAt(), "measuredAt"));
        r.persist();
        audit.write("CREATE", "reading", r.id, Map.of("sessionId", session.id));
        return published(session.clinicId, EventType.VITALS_RECORDED, judged(session, r));
    }

    /**
     * A correction: a new version of the reading, checked, timed and ruled on as a new reading is
     * (measured, by default, when the old one was); the old version becomes AMENDED.
     */
    public ReadingView correct(UUID id, AmendReading body) {
        RecordReading values = amendments.correction(body);
        checkTogether(values);
        VitalReading old = inForce(id);
        InfusionSession session = sessions.requireForRecording(old.sessionId);
        VitalReading r = newReading(
                session,
                values,
                values.measuredAt() == null ? old.measuredAt : time.notInFuture(values.measuredAt(), "measuredAt"));
        amendments.supersede(old, r, body.reason());
        r.persist();
        audit.write("AMEND", "reading", old.id, Map.of("newVersion", r.id, "reason", body.reason()));
        return published(session.clinicId, EventType.VITALS_AMENDED, judged(session, r));
    }

    /** A retraction: the reading was entered in error and leaves the session's readings; nothing new is written. */
    public ReadingView retract(UUID id, AmendReading body) {
        amendments.checkRetraction(body);
        VitalReading r = inForce(id);
        sessions.requireForRecording(r.sessionId);
        amendments.retract(r, body.reason());
        audit.write("RETRACT", "reading", r.id, Map.of("reason", body.reason()));
        return published(r.clinicId, EventType.VITALS_RETRACTED, ReadingView.of(r, readings.news2Of(r)));
    }

    private ReadingView published(String clinicId, EventType event, ReadingView view) {
        events.publish(clinicId, event, view);
        return view;
    }

    /**
     * The reading rules on a reading just written, and its answer: the reading with the session's
     * baseline and the reading before it, the session at the time of measurement, the patient when a
     * rule reads it, and the NEWS2 of the picture as of the reading (the three reads in one round trip).
     */
    private ReadingView judged(InfusionSession session, VitalReading r) {
        Readings.Neighbours around = readings.neighboursOf(session, r);
        List<FlagView> flags = rules.raise(
                Trigger.READING,
                RaisedBy.reading(session.clinicId, session.id, r.id),
                () -> Readings.judgedOn(
                        session,
                        r,
                        around.baseline(),
                        around.previous(),
                        rules.reads(session.clinicId, Trigger.READING, PatientFacts.VARIABLE)
                                ? patients.facts(session.patientId, session.clinicId)
                                : null,
                        around.news2()));
        return ReadingView.of(r, around.news2(), flags);
    }

    /** Every version of the reading that {@code id} is one of, oldest first, each with the NEWS2 of its picture. */
    public List<ReadingView> history(UUID id) {
        audit.read("reading", id);
        return amendments.history(VitalReading.class, find(id, LockModeType.NONE)).stream()
                .map(v -> ReadingView.of(v, readings.news2Of(v)))
                .toList();
    }

    private VitalReading newReading(InfusionSession session, RecordReading body, Instant measuredAt) {
        VitalReading r = new VitalReading();
        r.id = TimeOrderedIds.next();
        r.clinicId = clinic.clinicId();
        r.sessionId = session.id;
        r.recordedBy = clinic.actor();
        r.source = clinic.source();
        r.recordedAt = time.now();
        r.measuredAt = measuredAt;
        r.lateEntry = SessionService.isLateEntry(session, r.measuredAt, "a reading measured");
        r.take(body);
        return r;
    }

    /**
     * The session's readings in clinical order: the versions in force, or with {@code includeAmended}
     * all of them; each NEWS2 is computed from the readings in force at hand, not read again.
     */
    public List<ReadingView> list(UUID sessionId, boolean includeAmended) {
        InfusionSession session = sessions.require(sessionId);
        audit.read("vitals", session.id);
        List<VitalReading> shown = includeAmended ? readings.everyVersion(session) : readings.inForce(session);
        List<VitalReading> inForce = includeAmended
                ? shown.stream().filter(r -> r.status == RecordStatus.FINAL).toList()
                : shown;
        return shown.stream()
                .map(r -> ReadingView.of(r, readings.news2Of(r, inForce)))
                .toList();
    }

    public ReadingView get(UUID id) {
        VitalReading r = find(id, LockModeType.NONE);
        audit.read("reading", r.id);
        return ReadingView.of(r, readings.news2Of(r));
    }

    /** The version to amend, locked so that two amendments of it end in one 409; 404, or 409 when not in force. */
    private VitalReading inForce(UUID id) {
        VitalReading r = find(id, LockModeType.PESSIMISTIC_WRITE);
        amendments.requireFinal(r, "Reading");
        return r;
    }

    private VitalReading find(UUID id, LockModeType lock) {
        return VitalReading.<VitalReading>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .withLock(lock)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Reading", id));
    }

    /**
     * What single-field limits cannot see: values that are impossible together, or no value at all.
     * Public for callers that check a reading before they start writing (a monitor's message, so
     * that its refusal does not undo the other messages committed with it).
     */
    public static void checkTogether(RecordReading body) {
        List<Violation> violations = new ArrayList<>();
        if (!body.hasValue()) {
            violations.add(new Violation("reading", "must carry at least one value"));
        }
        if (body.systolic() != null && body.diastolic() == null) {
            violations.add(new Violation("diastolic", "is required with systolic"));
        }
        if (body.diastolic() != null && body.systolic() == null) {
            violations.add(new Violation("systolic", "is required with diastolic"));
        }
        if (body.systolic() != null && body.diastolic() != null && body.diastolic() >= body.systolic()) {
            violations.add(new Violation("diastolic", "must be below systolic"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }
}
