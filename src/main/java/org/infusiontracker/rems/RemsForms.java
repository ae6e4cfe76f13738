package org.infusiontracker.rems;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.adverse.AdverseEventService;
import org.infusiontracker.adverse.AdverseEventType;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rems.RemsFormApi.BloodPressure;
import org.infusiontracker.rems.RemsFormApi.BloodPressures;
import org.infusiontracker.rems.RemsFormApi.ConcomitantMedications;
import org.infusiontracker.rems.RemsFormApi.FormLine;
import org.infusiontracker.rems.RemsFormApi.FormStatus;
import org.infusiontracker.rems.RemsFormApi.Observed;
import org.infusiontracker.rems.RemsFormApi.PatientLine;
import org.infusiontracker.rems.RemsFormApi.RemsForm;
import org.infusiontracker.rems.RemsFormApi.SeriousEvent;
import org.infusiontracker.rems.RemsFormApi.VitalSignsAcceptable;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.ConcomitantMedication;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

/**
 * The SPRAVATO REMS Patient Monitoring Form of an esketamine session, filled from the session's
 * records in force each time it is read (an amendment shows at once, a retracted reading is gone),
 * and the clinic's filing of it, the one thing stored. A form is due seven days after discharge.
 */
@ApplicationScoped
@Transactional
public class RemsForms {

    /** The REMS asks for the form within seven days of the session. */
    static final Duration DUE_AFTER_DISCHARGE = Duration.ofDays(7);
    /** One SPRAVATO nasal device holds 28 mg. */
    private static final BigDecimal MG_PER_DEVICE = BigDecimal.valueOf(28);
    /** The form's 40-minute blood pressure is taken from this window after dosing started. */
    private static final Duration POSTDOSE_FROM = Duration.ofMinutes(30);

    private static final Duration POSTDOSE_TARGET = Duration.ofMinutes(40);
    private static final Duration POSTDOSE_TO = Duration.ofMinutes(50);
    /** The form's definitions (design of the form): dissociation above CADSS 4, SpO2 under 92, RR under 10. */
    private static final int CADSS_DISSOCIATED_ABOVE = 4;

    private static final int SPO2_DEPRESSED_BELOW = 92;
    private static final int RR_DEPRESSED_BELOW = 10;
    /** MOAA/S of an alert patient, the baseline when none was taken before dosing. */
    private static final int MOAAS_ALERT = 5;

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final AdverseEventService events;
    private final ReadyToLeave readyToLeave;
    private final AuditLog audit;
    private final EntityManager em;

    RemsForms(
            ClinicContext clinic,
            ClinicalTime time,
            SessionService sessions,
            PatientService patients,
            Readings readings,
            AdverseEventService events,
            ReadyToLeave readyToLeave,
            AuditLog audit,
            EntityManager em) {
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.events = events;
        this.readyToLeave = readyToLeave;
        this.audit = audit;
        this.em = em;
    }

    /** The form of an esketamine session of the caller's clinic; 404 for any other session. */
    public RemsForm form(UUID sessionId) {
        InfusionSession s = esketamineSession(sessionId);
        audit.read("rems-form", s.id);
        return fill(s);
    }

    /**
     * Files the form: once (409 after), and only complete (409 with what is missing). The primary
     * key on the session decides between two filings at the same moment.
     */
    public RemsForm submit(UUID sessionId, String note) {
        InfusionSession s = esketamineSession(sessionId);
        RemsForm form = fill(s);
        if (form.submittedAt() != null) {
            throw alreadySubmitted(form);
        }
        if (!form.complete()) {
            throw new FormIncomplete(form.missing());
        }
        String kept = note == null || note.isBlank() ? null : note.strip();
        int written = em.createNativeQuery("insert into rems_form_submission (session_id, clinic_id, submitted_by, "
                        + "submitted_at, note) values (?1, ?2, ?3, ?4, ?5) on conflict (session_id) do nothing")
                .setParameter(1, s.id)
                .setParameter(2, s.clinicId)
                .setParameter(3, clinic.actor())
                .setParameter(4, time.now())
                .setParameter(5, kept)
                .executeUpdate();
        if (written == 0) {
            throw alreadySubmitted(form);
        }
        Map<String, Object> detail = new HashMap<>();
        detail.put("note", kept);
        audit.write("SUBMIT", "rems-form", s.id, detail);
        return fill(s);
    }

    private static Conflict alreadySubmitted(RemsForm form) {
        return new Conflict(
                "Already submitted", "The form was submitted by " + form.submittedBy() + " at " + form.submittedAt());
    }

    /**
     * The clinic's forms, the esketamine sessions whose dosing started: by status, those due first
     * (undischarged last), then by treatment.
     */
    public Page<FormLine> list(List<FormStatus> statuses, int page, int size) {
        audit.write("SEARCH", "rems-form", "*", null);
        Instant overdueBefore = time.now().minus(DUE_AFTER_DISCHARGE);
        String from = " from InfusionSession s join Patient p on p.id = s.patientId and p.clinicId = :clinic "
                + "left join RemsFormSubmission f on f.sessionId = s.id and f.clinicId = :clinic "
                + "where s.clinicId = :clinic and s.drug = :drug and s.dosingStartedAt is not null"
                + statusCondition(statuses);
        Map<String, Object> params = new HashMap<>();
        params.put("clinic", clinic.clinicId());
        params.put("drug", Drug.ESKETAMINE);
        if (from.contains(":overdueBefore")) {
            params.put("overdueBefore", overdueBefore);
        }
        var rows = em.createQuery(
                        "select s, p, f" + from + " order by s.dischargedAt nulls last, s.dosingStartedAt, s.id",
                        Object[].class)
                .setFirstResult(page * size)
                .setMaxResults(size);
        var count = em.createQuery("select count(s)" + from, Long.class);
        params.forEach((k, v) -> {
            rows.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<FormLine> items = rows.getResultList().stream()
                .map(row -> line((InfusionSession) row[0], (Patient) row[1], (RemsFormSubmission) row[2]))
                .toList();
        return new Page<>(items, page, size, count.getSingleResult());
    }

    /** The JPQL condition of the statuses asked for (none or all: no condition). */
    private static String statusCondition(List<FormStatus> statuses) {
        if (statuses.isEmpty() || statuses.containsAll(List.of(FormStatus.values()))) {
            return "";
        }
        List<String> any = new ArrayList<>();
        for (FormStatus status : statuses) {
            any.add(
                    switch (status) {
                        case SUBMITTED -> "f.sessionId is not null";
                        case OVERDUE -> "(f.sessionId is null and s.dischargedAt < :overdueBefore)";
                        case DRAFT ->
                            "(f.sessionId is null and (s.dischargedAt is null "
                                    + "or s.dischargedAt >= :overdueBefore))";
                    });
        }
        return " and (" + String.join(" or ", any) + ")";
    }

    /** How many of the clinic's forms are overdue: discharged more than seven days ago and not filed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long overdueCount(String clinicId) {
        return em.createQuery(
                        "select count(s) from InfusionSession s left join RemsFormSubmission f "
                                + "on f.sessionId = s.id and f.clinicId = :clinic where s.clinicId = :clinic "
                                + "and s.drug = :drug and s.dischargedAt < :overdueBefore and f.sessionId is null",
                        Long.class)
                .setParameter("clinic", clinicId)
                .setParameter("drug", Drug.ESKETAMINE)
                .setParameter("overdueBefore", time.now().minus(DUE_AFTER_DISCHARGE))
                .getSingleResult();
    }

    private FormLine line(InfusionSession s, Patient p, RemsFormSubmission f) {
        return new FormLine(
                s.id,
                patientLine(p),
                treatmentDate(s),
                s.dischargedAt,
                status(s, f),
                dueBy(s),
                f == null ? null : f.submittedBy,
                f == null ? null : f.submittedAt);
    }

    private InfusionSession esketamineSession(UUID id) {
        return sessions.find(id)
                .filter(s -> s.drug == Drug.ESKETAMINE)
                .orElseThrow(() -> new NotFound("REMS form of session", id));
    }

    private Optional<RemsFormSubmission> submission(InfusionSession s) {
        return RemsFormSubmission.<RemsFormSubmission>find("sessionId = ?1 and clinicId = ?2", s.id, s.clinicId)
                .firstResultOptional();
    }

    private FormStatus status(InfusionSession s, RemsFormSubmission f) {
        if (f != null) {
            return FormStatus.SUBMITTED;
        }
        Instant due = dueBy(s);
        return due != null && due.isBefore(time.now()) ? FormStatus.OVERDUE : FormStatus.DRAFT;
    }

    private static Instant dueBy(InfusionSession s) {
        return s.dischargedAt == null ? null : s.dischargedAt.plus(DUE_AFTER_DISCHARGE);
    }

    private static LocalDate treatmentDate(InfusionSession s) {
        return s.dosingStartedAt == null
                ? null
                : s.dosingStartedAt.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static PatientLine patientLine(Patient p) {
        return new PatientLine(p.mrn, p.displayName, p.birthYear == null ? null : p.birthYear.intValue());
    }

    /** The form from the session's records in force, with what it still lacks, in the form's order. */
    private RemsForm fill(InfusionSession s) {
        Patient patient = patients.require(s.patientId);
        RemsFormSubmission submitted = submission(s).orElse(null);
        List<VitalReading> inForce = readings.inForce(s);
        List<AdverseEvent> eventsInForce = events.inForce(s);
        Map<String, String> reasons = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        boolean dosed = s.dosingStartedAt != null;
        boolean discharged = s.dischargedAt != null;

        List<VitalReading> afterDosing = dosed
                ? inForce.stream()
                        .filter(r -> !r.measuredAt.isBefore(s.dosingStartedAt))
                        .toList()
                : List.of();
        BloodPressures pressures = new BloodPressures(
                dosed ? predose(s, inForce) : null,
                dosed ? postdose40(s, afterDosing) : null,
                discharged ? beforeLeaving(s, afterDosing) : null);

        Boolean acceptableBefore = null;
        Boolean acceptableAfter = null;
        Integer minutesUntilReady = null;
        if (dosed) {
            ReadyToLeave.Course course = readyToLeave.of(s, patient.facts(null), inForce, eventsInForce);
            acceptableBefore = course.acceptableBeforeDosing();
            if (discharged) {
                acceptableAfter = course.unmetAt(s.dischargedAt).isEmpty();
            }
            ReadyToLeave.Answer answer = course.answer();
            minutesUntilReady = answer.minutes();
            if (minutesUntilReady == null) {
                reasons.put(
                        "minutesUntilReadyToLeave",
                        "No reading after dosing started met every discharge criterion; still unmet at the last: "
                                + String.join(", ", answer.stillUnmet()));
            }
        } else {
            reasons.put("treatmentDate", "Dosing has not started");
        }
        if (dosed && !discharged) {
            reasons.put("monitoringMinutes", "The patient has not been discharged");
        }

        BigDecimal dose = s.administeredDoseMg == null ? null : plain(s.administeredDoseMg);
        Integer devices = dose == null
                ? null
                : dose.divide(MG_PER_DEVICE, 0, RoundingMode.CEILING).intValue();
        Integer monitoringMinutes = dosed && discharged
                ? (int) Duration.between(s.dosingStartedAt, s.dischargedAt).toMinutes()
                : null;

        lacking(missing, "treatmentDate", dosed);
        lacking(missing, "firstTreatment", dosed);
        lacking(missing, "doseMg", dose != null);
        lacking(missing, "devices", devices != null);
        lacking(missing, "lotNumber", s.lotNumber != null);
        lacking(missing, "bloodPressure.predose", pressures.predose() != null);
        lacking(missing, "bloodPressure.postdose40", pressures.postdose40() != null);
        lacking(missing, "bloodPressure.beforeLeaving", pressures.beforeLeaving() != null);
        lacking(missing, "vitalSignsAcceptable.predose", acceptableBefore != null);
        lacking(missing, "vitalSignsAcceptable.beforeLeaving", acceptableAfter != null);
        lacking(missing, "monitoringMinutes", monitoringMinutes != null);
        lacking(missing, "minutesUntilReadyToLeave", minutesUntilReady != null);
        lacking(missing, "monitoringClinician", s.nurse != null);

        List<ConcomitantMedication> taken = s.concomitantMedicationList();
        return new RemsForm(
                s.id,
                status(s, submitted),
                dueBy(s),
                missing.isEmpty(),
                List.copyOf(missing),
                reasons,
                patientLine(patient),
                treatmentDate(s),
                dosed ? sessions.isFirstDosing(s) : null,
                dose,
                devices,
                s.lotNumber,
                new ConcomitantMedications(
                        taken.contains(ConcomitantMedication.BENZODIAZEPINE),
                        taken.contains(ConcomitantMedication.NON_BENZODIAZEPINE_SEDATIVE_HYPNOTIC),
                        taken.contains(ConcomitantMedication.PSYCHOSTIMULANT),
                        taken.contains(ConcomitantMedication.MAOI),
                        taken.contains(ConcomitantMedication.OPIOID)),
                pressures,
                new VitalSignsAcceptable(acceptableBefore, acceptableAfter),
                sedation(s, inForce, afterDosing, eventsInForce),
                dissociation(s, afterDosing, eventsInForce),
                respiratoryDepression(s, afterDosing, eventsInForce),
                monitoringMinutes,
                minutesUntilReady,
                s.nurse,
                eventsInForce.stream()
                        .filter(e -> e.serious)
                        .map(e -> new SeriousEvent(e.type, e.grade, e.onsetAt, e.description, e.outcome))
                        .toList(),
                submitted == null ? null : submitted.submittedBy,
                submitted == null ? null : submitted.submittedAt,
                submitted == null ? null : submitted.note);
    }

    private static void lacking(List<String> missing, String field, boolean present) {
        if (!present) {
            missing.add(field);
        }
    }

    /** 84.000 as 84: the dose as the form writes it. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static boolean hasPressure(VitalReading r) {
        return r.systolic != null && r.diastolic != null;
    }

    private static BloodPressure pressure(VitalReading r) {
        return r == null ? null : new BloodPressure(r.systolic, r.diastolic, r.measuredAt);
    }

    /** The last blood pressure measured before dosing (clinical order). */
    private static BloodPressure predose(InfusionSession s, List<VitalReading> inForce) {
        VitalReading last = null;
        for (VitalReading r : inForce) {
            if (r.measuredAt.isBefore(s.dosingStartedAt) && hasPressure(r)) {
                last = r;
            }
        }
        return pressure(last);
    }

    /** The blood pressure closest to 40 minutes after dosing started, within 30 to 50 (the earlier on a tie). */
    private static BloodPressure postdose40(InfusionSession s, List<VitalReading> afterDosing) {
        Instant from = s.dosingStartedAt.plus(POSTDOSE_FROM);
        Instant to = s.dosingStartedAt.plus(POSTDOSE_TO);
        Instant target = s.dosingStartedAt.plus(POSTDOSE_TARGET);
        return pressure(afterDosing.stream()
                .filter(RemsForms::hasPressure)
                .filter(r -> !r.measuredAt.isBefore(from) && !r.measuredAt.isAfter(to))
                .min(Comparator.comparing((VitalReading r) ->
                        Duration.between(target, r.measuredAt).abs()))
                .orElse(null));
    }

    /** The last blood pressure measured after dosing started and not after discharge. */
    private static BloodPressure beforeLeaving(InfusionSession s, List<VitalReading> afterDosing) {
        VitalReading last = null;
        for (VitalReading r : afterDosing) {
            if (!r.measuredAt.isAfter(s.dischargedAt) && hasPressure(r)) {
                last = r;
            }
        }
        return pressure(last);
    }

    /** Any MOAA/S below the baseline's (5 without one) after dosing, or a SEDATION event. */
    private static Observed sedation(
            InfusionSession s, List<VitalReading> inForce, List<VitalReading> afterDosing, List<AdverseEvent> events) {
        int baseline = Readings.baseline(s, inForce)
                .filter(b -> s.dosingStartedAt != null && b.sedationMoaas != null)
                .map(b -> (int) b.sedationMoaas)
                .orElse(MOAAS_ALERT);
        Optional<VitalReading> lowest = afterDosing.stream()
                .filter(r -> r.sedationMoaas != null && r.sedationMoaas < baseline)
                .min(Comparator.comparing((VitalReading r) -> r.sedationMoaas));
        return observed(
                s,
                lowest.map(r -> "MOAA/S " + r.sedationMoaas + " at " + minutes(s, r.measuredAt) + " min"),
                events,
                AdverseEventType.SEDATION);
    }

    /** Any CADSS over 4 after dosing, or a DISSOCIATION event. */
    private static Observed dissociation(InfusionSession s, List<VitalReading> afterDosing, List<AdverseEvent> events) {
        Optional<VitalReading> highest = afterDosing.stream()
                .filter(r -> r.dissociationCadss != null && r.dissociationCadss > CADSS_DISSOCIATED_ABOVE)
                .max(Comparator.comparing((VitalReading r) -> r.dissociationCadss));
        return observed(
                s,
                highest.map(r -> "CADSS " + r.dissociationCadss + " at " + minutes(s, r.measuredAt) + " min"),
                events,
                AdverseEventType.DISSOCIATION);
    }

    /** Any SpO2 under 92 or respiratory rate under 10 after dosing, or a RESPIRATORY event. */
    private static Observed respiratoryDepression(
            InfusionSession s, List<VitalReading> afterDosing, List<AdverseEvent> events) {
        Optional<String> spo2 = lowest(s, afterDosing, r -> r.spo2, SPO2_DEPRESSED_BELOW, "SpO2 ");
        Optional<String> rr = lowest(s, afterDosing, r -> r.respiratoryRate, RR_DEPRESSED_BELOW, "RR ");
        Optional<String> both =
                spo2.isPresent() && rr.isPresent() ? Optional.of(spo2.get() + "; " + rr.get()) : spo2.or(() -> rr);
        return observed(s, both, events, AdverseEventType.RESPIRATORY);
    }

    private static Optional<String> lowest(
            InfusionSession s,
            List<VitalReading> afterDosing,
            Function<VitalReading, Short> value,
            int below,
            String label) {
        return afterDosing.stream()
                .filter(r -> value.apply(r) != null && value.apply(r) < below)
                .min(Comparator.comparing(value))
                .map(r -> label + value.apply(r) + " at " + minutes(s, r.measuredAt) + " min");
    }

    /** What the readings showed and the events of the type recorded, as the form's details. */
    private static Observed observed(
            InfusionSession s, Optional<String> fromReadings, List<AdverseEvent> events, AdverseEventType type) {
        List<String> details = new ArrayList<>();
        fromReadings.ifPresent(details::add);
        events.stream()
                .filter(e -> e.type == type)
                .forEach(e -> details.add(type + " event, grade " + e.grade
                        + (s.dosingStartedAt == null || e.onsetAt.isBefore(s.dosingStartedAt)
                                ? ""
                                : " at " + minutes(s, e.onsetAt) + " min")));
        return new Observed(!details.isEmpty(), details.isEmpty() ? null : String.join("; ", details));
    }

    private static long minutes(InfusionSession s, Instant at) {
        return Duration.between(s.dosingStartedAt, at).toMinutes();
    }
}
