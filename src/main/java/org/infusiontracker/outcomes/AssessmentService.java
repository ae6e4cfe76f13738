package org.infusiontracker.outcomes;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Problem;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.outcomes.AssessmentApi.AmendAssessment;
import org.infusiontracker.outcomes.AssessmentApi.AssessmentView;
import org.infusiontracker.outcomes.AssessmentApi.Course;
import org.infusiontracker.outcomes.AssessmentApi.RecordAssessment;
import org.infusiontracker.patient.Patient;
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
import org.infusiontracker.session.SessionService;

/**
 * Records, corrects and reads a patient's outcome assessments; each written version is ruled on
 * (trigger {@code ASSESSMENT}), so PHQ-9 item 9 raises its flag in the same transaction.
 */
@ApplicationScoped
@Transactional
public class AssessmentService {

    private static final Sort CLINICAL_ORDER =
            Sort.by("completedAt").and("recordedAt").and("id");

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final PatientService patients;
    private final SessionService sessions;
    private final RuleService rules;
    private final Amendments amendments;
    private final AuditLog audit;
    private final EventLog events;

    AssessmentService(
            ClinicContext clinic,
            ClinicalTime time,
            PatientService patients,
            SessionService sessions,
            RuleService rules,
            Amendments amendments,
            AuditLog audit,
            EventLog events) {
        this.clinic = clinic;
        this.time = time;
        this.patients = patients;
        this.sessions = sessions;
        this.rules = rules;
        this.amendments = amendments;
        this.audit = audit;
        this.events = events;
    }

    public AssessmentView record(UUID patientId, RecordAssessment body) {
        Patient patient = patients.require(patientId);
        UUID sessionId = null;
        if (body.sessionId() != null) {
            InfusionSession s = sessions.require(body.sessionId());
            if (!s.patientId.equals(patient.id)) {
                throw new InvalidInput("sessionId", "is a session of another patient");
            }
            sessionId = s.id;
        }
        Assessment a = newVersion(
                patient.id,
                sessionId,
                body.instrument(),
                body.answers(),
                time.orNow(body.completedAt(), "completedAt"));
        a.persist();
        audit.write("CREATE", "assessment", a.id, Map.of("patientId", patient.id, "instrument", a.instrument));
        return published(EventType.ASSESSMENT_RECORDED, AssessmentView.of(a, judge(a)));
    }

    /** A correction (new answers or time, with a reason; ruled on again) or a retraction. */
    public AssessmentView amend(UUID id, AmendAssessment body) {
        Assessment old = Assessment.<Assessment>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Assessment", id));
        amendments.requireFinal(old, "Assessment");
        if (body.retraction()) {
            amendments.checkRetraction(body);
            amendments.retract(old, body.reason());
            audit.write("RETRACT", "assessment", old.id, Map.of("reason", body.reason()));
            return published(EventType.ASSESSMENT_RETRACTED, AssessmentView.of(old));
        }
        if (!body.hasValues()) {
            throw new InvalidInput("answers", "send the corrected answers or completedAt, or enteredInError");
        }
        Assessment a = newVersion(
                old.patientId,
                old.sessionId,
                old.instrument,
                body.answers() == null ? old.facts().answers() : body.answers(),
                body.completedAt() == null ? old.completedAt : time.notInFuture(body.completedAt(), "completedAt"));
        amendments.supersede(old, a, body.reason());
        a.persist();
        audit.write("AMEND", "assessment", old.id, Map.of("newVersion", a.id, "reason", body.reason()));
        return published(EventType.ASSESSMENT_AMENDED, AssessmentView.of(a, judge(a)));
    }

    public AssessmentView find(UUID id) {
        Assessment a = Assessment.<Assessment>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Assessment", id));
        audit.read("assessment", a.id);
        return AssessmentView.of(a);
    }

    /** The patient's course of one instrument: the assessments in force in the order completed. */
    public Course course(UUID patientId, Instrument instrument) {
        Patient patient = patients.require(patientId);
        audit.read("assessments", patient.id);
        List<AssessmentView> items = Assessment.<Assessment>find(
                        "patientId = ?1 and clinicId = ?2 and instrument = ?3 and status = ?4",
                        CLINICAL_ORDER,
                        patient.id,
                        clinic.clinicId(),
                        instrument,
                        RecordStatus.FINAL)
                .stream()
                .map(AssessmentView::of)
                .toList();
        if (items.isEmpty()) {
            return new Course(instrument, null, null, items, null, false, null, null, null);
        }
        AssessmentView baseline = items.get(0);
        AssessmentView latest = items.get(items.size() - 1);
        Instant respondedAt = null;
        Instant remittedAt = null;
        for (AssessmentView item : items.subList(1, items.size())) {
            if (respondedAt == null && instrument.response(baseline.total(), item.total())) {
                respondedAt = item.completedAt();
            }
            if (remittedAt == null && Boolean.TRUE.equals(instrument.remission(item.total()))) {
                remittedAt = item.completedAt();
            }
        }
        boolean response = items.size() > 1 && instrument.response(baseline.total(), latest.total());
        // A baseline under the cut-off is no remission: remission is of a course that had something to remit.
        Boolean remission = instrument.remission(latest.total());
        if (remission != null && items.size() < 2) {
            remission = false;
        }
        return new Course(
                instrument,
                baseline,
                latest,
                items,
                latest.total() - baseline.total(),
                response,
                remission,
                respondedAt,
                remittedAt);
    }

    /**
     * For backtests: the clinic's patients with assessments in force completed in {@code [from, to)},
     * each as a span (its {@code sessionId} is the patient's id: assessments belong to patients),
     * ordered by their first such assessment.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FactHistory.Span> spansCompletedIn(String clinicId, Instant from, Instant to) {
        return FactHistory.Span.of(
                Assessment.getEntityManager(), "Assessment", "patientId", "completedAt", clinicId, from, to);
    }

    /** For backtests: those patients' assessments in the window, patient by patient, each in clinical order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FactHistory.Replay> replayCompletedIn(
            String clinicId, List<UUID> patientIds, Instant from, Instant to) {
        Map<UUID, List<Assessment>> byPatient = new HashMap<>();
        Assessment.<Assessment>list(
                        "patientId in ?1 and clinicId = ?2 and completedAt >= ?3 and completedAt < ?4 and status = ?5",
                        CLINICAL_ORDER,
                        patientIds,
                        clinicId,
                        from,
                        to,
                        RecordStatus.FINAL)
                .forEach(a -> byPatient
                        .computeIfAbsent(a.patientId, k -> new ArrayList<>())
                        .add(a));
        Map<UUID, Patient> patientsById = patients.byIds(patientIds, clinicId);
        List<FactHistory.Replay> replays = new ArrayList<>();
        for (UUID patientId : patientIds) {
            for (Assessment a : byPatient.getOrDefault(patientId, List.of())) {
                replays.add(new FactHistory.Replay(
                        patientId,
                        Facts.of()
                                .with(AssessmentFacts.VARIABLE, a.facts())
                                .with(
                                        PatientFacts.VARIABLE,
                                        patientsById.get(patientId).facts(null))));
            }
        }
        return replays;
    }

    /** A new version, its answers checked against the instrument (400 naming the answer) and scored. */
    private Assessment newVersion(
            UUID patientId, UUID sessionId, Instrument instrument, List<Integer> answers, Instant completedAt) {
        if (answers.size() != instrument.items()) {
            throw new InvalidInput(
                    "answers", instrument + " takes " + instrument.items() + " answers, not " + answers.size());
        }
        List<Problem.Violation> outOfRange = new ArrayList<>();
        short[] items = new short[answers.size()];
        int total = 0;
        for (int i = 0; i < answers.size(); i++) {
            int answer = answers.get(i);
            if (answer < 0 || answer > instrument.maxAnswer()) {
                outOfRange.add(new Problem.Violation(
                        "answers[" + i + "]", "must be 0 to " + instrument.maxAnswer() + " for " + instrument));
            }
            items[i] = (short) answer;
            total += answer;
        }
        if (!outOfRange.isEmpty()) {
            throw new InvalidInput(outOfRange);
        }
        Assessment a = new Assessment();
        a.id = UUID.randomUUID();
        a.clinicId = clinic.clinicId();
        a.patientId = patientId;
        a.sessionId = sessionId;
        a.instrument = instrument;
        a.answers = items;
        a.total = (short) total;
        a.band = instrument.band(total);
        a.completedAt = completedAt;
        a.recordedAt = time.now();
        a.recordedBy = clinic.actor();
        return a;
    }

    /** The assessment rules on a version just written, flagging the session named or else the patient. */
    private List<FlagView> judge(Assessment a) {
        return rules.raise(Trigger.ASSESSMENT, RaisedBy.assessment(a.clinicId, a.patientId, a.sessionId, a.id), () -> {
            PatientFacts patient = rules.reads(a.clinicId, Trigger.ASSESSMENT, PatientFacts.VARIABLE)
                    ? patients.facts(a.patientId, a.clinicId)
                    : null;
            return Facts.of().with(AssessmentFacts.VARIABLE, a.facts()).with(PatientFacts.VARIABLE, patient);
        });
    }

    private AssessmentView published(EventType event, AssessmentView view) {
        events.publish(clinic.clinicId(), event, view);
        return view;
    }
}
