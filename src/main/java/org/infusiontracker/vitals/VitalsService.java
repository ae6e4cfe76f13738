package org.infusiontracker.vitals;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.record.Amendments;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.RuleInputs;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.stream.EventLog;
import org.infusiontracker.vitals.VitalsApi.AmendReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;
import org.infusiontracker.vitals.VitalsApi.RecordReading;

@ApplicationScoped
@Transactional
public class VitalsService {

    private static final Sort CLINICAL_ORDER =
            Sort.by("measuredAt").and("recordedAt").and("id");
    private static final String OF_SESSION = "sessionId = ?1 and clinicId = ?2 and " + RecordStatus.IN_FORCE;

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final RuleService rules;
    private final Amendments amendments;
    private final AuditLog audit;
    private final EventLog events;

    VitalsService(
            ClinicContext clinic,
            ClinicalTime time,
            SessionService sessions,
            RuleService rules,
            Amendments amendments,
            AuditLog audit,
            EventLog events) {
        this.events = events;
        this.audit = audit;
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.rules = rules;
        this.amendments = amendments;
    }

    public ReadingView record(UUID sessionId, RecordReading body) {
        checkTogether(body);
        InfusionSession session = sessions.requireForRecording(sessionId);
        VitalReading r = newReading(session, body, time.orNow(body.measuredAt(), "measuredAt"));
        r.persist();
        audit.write("CREATE", "reading", r.id, Map.of("sessionId", session.id));
        return published(session.clinicId, ReadingView.of(r, rules.onReading(session, r)));
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
        return published(session.clinicId, ReadingView.of(r, rules.onReading(session, r)));
    }

    /** A retraction: the reading was entered in error and leaves the session's readings; nothing new is written. */
    public ReadingView retract(UUID id, AmendReading body) {
        amendments.checkRetraction(body);
        VitalReading r = inForce(id);
        sessions.requireForRecording(r.sessionId);
        amendments.retract(r, body.reason());
        audit.write("RETRACT", "reading", r.id, Map.of("reason", body.reason()));
        return published(r.clinicId, ReadingView.of(r));
    }

    private ReadingView published(String clinicId, ReadingView view) {
        events.publish(clinicId, "vitals.recorded", view);
        return view;
    }

    /** Every version of the reading that {@code id} is one of, oldest first. */
    public List<ReadingView> history(UUID id) {
        audit.read("reading", id);
        return amendments.history(VitalReading.class, find(id, LockModeType.NONE)).stream()
                .map(ReadingView::of)
                .toList();
    }

    private VitalReading newReading(InfusionSession session, RecordReading body, Instant measuredAt) {
        VitalReading r = new VitalReading();
        r.id = UUID.randomUUID();
        r.clinicId = clinic.clinicId();
        r.sessionId = session.id;
        r.recordedBy = clinic.actor();
        r.recordedAt = time.now();
        r.measuredAt = measuredAt;
        r.lateEntry = SessionService.isLateEntry(session, r.measuredAt, "a reading measured");
        r.systolic = small(body.systolic());
        r.diastolic = small(body.diastolic());
        r.heartRate = small(body.heartRate());
        r.spo2 = small(body.spo2());
        r.respiratoryRate = small(body.respiratoryRate());
        r.temperatureC = body.temperatureC();
        r.onOxygen = body.onOxygen();
        r.sedationMoaas = small(body.sedationMoaas());
        r.dissociationCadss = small(body.dissociationCadss());
        r.nausea = small(body.nausea());
        r.consciousness = body.consciousness();
        return r;
    }

    /** The session's readings in clinical order: the versions in force, or with {@code includeAmended} all of them. */
    public List<ReadingView> list(UUID sessionId, boolean includeAmended) {
        InfusionSession session = sessions.require(sessionId);
        audit.read("vitals", session.id);
        return VitalReading.<VitalReading>find(
                        includeAmended ? "sessionId = ?1 and clinicId = ?2" : OF_SESSION,
                        CLINICAL_ORDER,
                        session.id,
                        session.clinicId)
                .stream()
                .map(ReadingView::of)
                .toList();
    }

    public ReadingView get(UUID id) {
        VitalReading r = find(id, LockModeType.NONE);
        audit.read("reading", r.id);
        return ReadingView.of(r);
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

    /** The session's baseline (see {@link RuleInputs#baseline}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReadingView> baseline(InfusionSession s) {
        return RuleInputs.baseline(s).map(ReadingView::of);
    }

    /** The session's latest reading in force, in clinical time. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReadingView> latest(InfusionSession s) {
        return VitalReading.<VitalReading>find(
                        OF_SESSION,
                        Sort.descending("measuredAt")
                                .and("recordedAt", Sort.Direction.Descending)
                                .and("id", Sort.Direction.Descending),
                        s.id,
                        s.clinicId)
                .firstResultOptional()
                .map(ReadingView::of);
    }

    /** What single-field limits cannot see: values that are impossible together, or no value at all. */
    private static void checkTogether(RecordReading body) {
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

    private static Short small(Integer value) {
        return value == null ? null : value.shortValue();
    }
}
