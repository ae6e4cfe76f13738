package org.infusiontracker.vitals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.infusiontracker.api.ClinicContext;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.api.ClinicalTime;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.VitalsApi.ReadingView;
import org.infusiontracker.vitals.VitalsApi.RecordReading;

import io.quarkus.panache.common.Sort;

@ApplicationScoped
@Transactional
public class VitalsService {

    private static final Sort CLINICAL_ORDER = Sort.by("measuredAt").and("recordedAt").and("id");

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final RuleService rules;
    private final AuditLog audit;

    VitalsService(ClinicContext clinic, ClinicalTime time, SessionService sessions, RuleService rules, AuditLog audit) {
        this.audit = audit;
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.rules = rules;
    }

    public ReadingView record(UUID sessionId, RecordReading body) {
        checkTogether(body);
        InfusionSession session = sessions.requireForRecording(sessionId);
        VitalReading r = new VitalReading();
        r.id = UUID.randomUUID();
        r.clinicId = clinic.clinicId();
        r.sessionId = session.id;
        r.recordedAt = time.now();
        r.measuredAt = time.orNow(body.measuredAt(), "measuredAt");
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
        r.persist();
        audit.write("CREATE", "reading", r.id, Map.of("sessionId", session.id));
        return ReadingView.of(r, rules.onReading(session, r));
    }

    public List<ReadingView> list(UUID sessionId) {
        InfusionSession session = sessions.require(sessionId);
        audit.read("vitals", session.id);
        return VitalReading.<VitalReading>find("sessionId = ?1", CLINICAL_ORDER, session.id)
                .stream().map(ReadingView::of).toList();
    }

    public ReadingView get(UUID id) {
        VitalReading r = VitalReading.<VitalReading>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .firstResultOptional().orElseThrow(() -> new NotFound("Reading", id));
        audit.read("reading", r.id);
        return ReadingView.of(r);
    }

    /**
     * The session's baseline: its first reading measured before dosing started (while the
     * session is still planned, its first reading so far).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReadingView> baseline(InfusionSession s) {
        var query = s.dosingStartedAt == null
                ? VitalReading.<VitalReading>find("sessionId = ?1", CLINICAL_ORDER, s.id)
                : VitalReading.<VitalReading>find("sessionId = ?1 and measuredAt < ?2", CLINICAL_ORDER, s.id, s.dosingStartedAt);
        return query.firstResultOptional().map(ReadingView::of);
    }

    /** The session's latest reading in clinical time. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReadingView> latest(InfusionSession s) {
        return VitalReading.<VitalReading>find("sessionId = ?1",
                Sort.descending("measuredAt").and("recordedAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending), s.id)
                .firstResultOptional().map(ReadingView::of);
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
