package org.infusiontracker.session;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Versions;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.SessionApi.CreateSession;
import org.infusiontracker.sql.PlainSql;

/**
 * The session record: its own queries and its lifecycle moves, each checked (If-Match, the state it
 * may leave from, its time) and audited. What the moves mean for the patient's care (the rules
 * consulted, the answer and the event) is the care package's.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final PatientService patients;
    private final AuditLog audit;
    private final PlainSql sql;

    SessionService(ClinicContext clinic, ClinicalTime time, PatientService patients, AuditLog audit, PlainSql sql) {
        this.sql = sql;
        this.clinic = clinic;
        this.time = time;
        this.patients = patients;
        this.audit = audit;
    }

    public InfusionSession create(CreateSession body) {
        PlannedDoses.check(body);
        patients.require(body.patientId());
        InfusionSession s = new InfusionSession();
        s.id = UUID.randomUUID();
        s.clinicId = clinic.clinicId();
        s.patientId = body.patientId();
        s.drug = body.drug();
        s.route = body.route();
        s.indication = body.indication();
        if (body.plannedDose() != null) {
            s.plannedDoseAmount = body.plannedDose().amount();
            s.plannedDoseUnit = body.plannedDose().unit();
        }
        s.plannedDurationMinutes = body.plannedDurationMinutes();
        s.lotNumber = blankToNull(body.lotNumber());
        s.nurse = blankToNull(body.nurse());
        s.prescriber = blankToNull(body.prescriber());
        s.prescriberOnSite = body.prescriberOnSite();
        s.concomitantMedications = body.concomitantMedications() == null
                ? new String[0]
                : body.concomitantMedications().stream()
                        .distinct()
                        .sorted()
                        .map(Enum::name)
                        .toArray(String[]::new);
        s.chair = body.chair() == null ? null : body.chair().strip();
        if (s.chair != null && openInChair(s.chair).isPresent()) {
            // The partial unique index (V22) holds it against a race; this names the cause.
            throw new Conflict("Chair taken", "Chair " + s.chair + " already has an open session");
        }
        s.status = SessionStatus.PLANNED;
        s.createdAt = time.now();
        s.persist();
        audit.write("CREATE", "session", s.id, Map.of("patientId", s.patientId));
        return s;
    }

    /** The session in the caller's clinic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<InfusionSession> find(UUID id) {
        return InfusionSession.<InfusionSession>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .firstResultOptional();
    }

    /** The id alone, by the partial unique index of open sessions per chair (V22). */
    private static final String OPEN_IN_CHAIR = "select id from treatment_session where clinic_id = ? and chair = ?"
            + " and status in (" + SessionStatus.OPEN_IN_SQL + ")";

    /** The open session (planned, dosing or in observation) of the caller's clinic in {@code chair}, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> openInChair(String chair) {
        return sql.query(OPEN_IN_CHAIR, row -> row.getObject(1, UUID.class), clinic.clinicId(), chair).stream()
                .findFirst();
    }

    /** The session in the caller's clinic, or 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InfusionSession require(UUID id) {
        return find(id).orElseThrow(() -> new NotFound("Session", id));
    }

    /**
     * The session, locked against a concurrent transition for the rest of the transaction, so
     * that a record and a discharge cannot cross each other unseen.
     */
    public InfusionSession requireForRecording(UUID id) {
        return InfusionSession.<InfusionSession>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .withLock(LockModeType.PESSIMISTIC_READ)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Session", id));
    }

    /**
     * Whether a clinical record at {@code at} may join the session: 409 when it was measured after
     * the session closed; true (a late entry) when the session has closed since, as nurses chart
     * after the fact.
     */
    public static boolean isLateEntry(InfusionSession s, Instant at, String what) {
        Instant closedAt = s.closedAt();
        if (closedAt == null) {
            return false;
        }
        if (at.isAfter(closedAt)) {
            throw new Conflict(
                    "Session closed",
                    "The session was " + s.status + " at " + closedAt + "; " + what + " after that cannot be recorded");
        }
        return true;
    }

    public Page<InfusionSession> list(
            List<SessionStatus> statuses, UUID patientId, OffsetDateTime from, OffsetDateTime to, int page, int size) {
        audit.write("SEARCH", "session", patientId == null ? "*" : "patientId=" + patientId, null);
        StringBuilder where = new StringBuilder("clinicId = :clinic");
        Map<String, Object> params = new HashMap<>();
        params.put("clinic", clinic.clinicId());
        if (!statuses.isEmpty()) {
            where.append(" and status in :statuses");
            params.put("statuses", statuses);
        }
        if (patientId != null) {
            where.append(" and patientId = :patient");
            params.put("patient", patientId);
        }
        if (from != null) {
            where.append(" and createdAt >= :from");
            params.put("from", from.toInstant());
        }
        if (to != null) {
            where.append(" and createdAt < :to");
            params.put("to", to.toInstant());
        }
        var query = InfusionSession.<InfusionSession>find(
                where.toString(), Sort.descending("createdAt").and("id"), params);
        List<InfusionSession> items = query.page(page, size).list();
        return new Page<>(items, page, size, query.count());
    }

    /** All of the patient's sessions in the caller's clinic, in the order they were planned. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<InfusionSession> ofPatient(UUID patientId) {
        return InfusionSession.list(
                "patientId = ?1 and clinicId = ?2", Sort.by("createdAt").and("id"), patientId, clinic.clinicId());
    }

    /** An open session with its patient, as the board shows them. */
    public record OpenSession(InfusionSession session, Patient patient) {}

    /** The clinic's open sessions with their patients, oldest first, in one query. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OpenSession> openWithPatients(String clinicId) {
        return InfusionSession.getEntityManager()
                .createQuery(
                        "select s, p from InfusionSession s join Patient p on p.id = s.patientId "
                                + "where s.clinicId = :clinic and p.clinicId = :clinic and s.status in :open "
                                + "order by s.createdAt, s.id",
                        Object[].class)
                .setParameter("clinic", clinicId)
                .setParameter("open", SessionStatus.OPEN)
                .getResultList()
                .stream()
                .map(row -> new OpenSession((InfusionSession) row[0], (Patient) row[1]))
                .toList();
    }

    /** Every clinic's sessions being dosed or observed: what the clock rules watch. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<InfusionSession> dosedAndOpenInEveryClinic() {
        return InfusionSession.list("status in ?1", List.copyOf(SessionStatus.DOSED_AND_OPEN));
    }

    /** Sessions by id, of one clinic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, InfusionSession> byIds(List<UUID> ids, String clinicId) {
        Map<UUID, InfusionSession> byId = new HashMap<>();
        InfusionSession.<InfusionSession>list("id in ?1 and clinicId = ?2", ids, clinicId)
                .forEach(s -> byId.put(s.id, s));
        return byId;
    }

    /**
     * The clinic's sessions with a dose given whose dosing ended from {@code from} (inclusive) to
     * {@code to} (exclusive), either end open when null: the doses of a period, to reconcile.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<InfusionSession> dosedBetween(String clinicId, Instant from, Instant to) {
        return InfusionSession.list(
                "clinicId = ?1 and administeredDoseMg is not null and dosingEndedAt >= ?2 and dosingEndedAt < ?3",
                clinicId,
                from == null ? Instant.EPOCH : from,
                to == null ? Instant.parse("9999-12-31T00:00:00Z") : to);
    }

    /** The patient's sessions whose dosing started in the seven days up to this one's start, this one included. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long dosedInSevenDaysBefore(InfusionSession s) {
        return InfusionSession.count(
                "patientId = ?1 and clinicId = ?2 and dosingStartedAt > ?3 and dosingStartedAt <= ?4",
                s.patientId,
                s.clinicId,
                s.dosingStartedAt.minus(Duration.ofDays(7)),
                s.dosingStartedAt);
    }

    /** Whether no earlier session of the patient with the same drug started dosing in this clinic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isFirstDosing(InfusionSession s) {
        return InfusionSession.count(
                        "patientId = ?1 and clinicId = ?2 and drug = ?3 and dosingStartedAt < ?4 and id <> ?5",
                        s.patientId,
                        s.clinicId,
                        s.drug,
                        s.dosingStartedAt,
                        s.id)
                == 0;
    }

    /**
     * The session about to move, if {@code ifMatch} names its current version (412 otherwise) and
     * its state allows the move (409).
     */
    public InfusionSession beginMove(UUID id, String ifMatch, String action, SessionStatus... allowedFrom) {
        InfusionSession s = require(id);
        Versions.checkIfMatch(ifMatch, s.version);
        for (SessionStatus allowed : allowedFrom) {
            if (s.status == allowed) {
                return s;
            }
        }
        throw new IllegalTransition(action, s.status, allowedFrom);
    }

    /** PLANNED to DOSING at {@code at}, before the dosing gate judges it (a blocker rolls it back). */
    public void startDosing(InfusionSession s, Instant at) {
        s.dosingStartedAt = at;
        s.status = SessionStatus.DOSING;
        s.flush();
    }

    /**
     * The gate let dosing start: {@code overriddenBlockers} are the codes of the blockers a
     * physician dosed over (empty when nothing blocked), with the reason.
     */
    public void dosingStarted(InfusionSession s, List<String> overriddenBlockers, String reason) {
        s.dosingOverride = !overriddenBlockers.isEmpty();
        s.dosingOverrideReason = s.dosingOverride ? reason : null;
        s.flush();
        audit.write(
                "START_DOSING",
                "session",
                s.id,
                s.dosingOverride
                        ? Map.of(
                                "at",
                                s.dosingStartedAt,
                                "override",
                                true,
                                "reason",
                                reason,
                                "blockers",
                                overriddenBlockers)
                        : Map.of("at", s.dosingStartedAt));
    }

    /**
     * DOSING to OBSERVATION at {@code at}, with the dose given; {@code stopReason}, when given, says
     * why dosing was stopped before the planned dose.
     */
    public void endDosing(InfusionSession s, Instant at, BigDecimal administeredDoseMg, String stopReason) {
        s.dosingEndedAt = notBefore(at, s.dosingStartedAt, "dosing started");
        s.administeredDoseMg = administeredDoseMg;
        s.dosingStoppedEarly = stopReason != null;
        s.dosingStopReason = stopReason;
        s.status = SessionStatus.OBSERVATION;
        s.flush();
        audit.write(
                "END_DOSING",
                "session",
                s.id,
                s.dosingStoppedEarly
                        ? Map.of("at", s.dosingEndedAt, "stoppedEarly", true, "reason", stopReason)
                        : Map.of("at", s.dosingEndedAt));
    }

    /**
     * OBSERVATION to DISCHARGED at {@code at}; {@code overriddenBlockers} are the codes of the
     * criteria a physician discharged over (empty when the patient was ready), with the reason.
     */
    public void discharge(InfusionSession s, Instant at, List<String> overriddenBlockers, String reason) {
        s.dischargedAt = at;
        s.dischargeOverride = !overriddenBlockers.isEmpty();
        s.dischargeOverrideReason = s.dischargeOverride ? reason : null;
        s.status = SessionStatus.DISCHARGED;
        s.flush();
        audit.write(
                "DISCHARGE",
                "session",
                s.id,
                s.dischargeOverride
                        ? Map.of(
                                "at",
                                at,
                                "override",
                                true,
                                "reason",
                                s.dischargeOverrideReason,
                                "blockers",
                                overriddenBlockers)
                        : Map.of("at", at));
    }

    /** Any open state to ABORTED at {@code at}, with the reason. */
    public void abort(InfusionSession s, Instant at, String reason) {
        at = notBefore(at, s.dosingStartedAt, "dosing started");
        at = notBefore(at, s.dosingEndedAt, "dosing ended");
        s.abortedAt = at;
        s.abortReason = reason.strip();
        s.status = SessionStatus.ABORTED;
        s.flush();
        audit.write("ABORT", "session", s.id, Map.of("at", at, "reason", s.abortReason));
    }

    /** {@code at}, unless it lies before {@code earlier} (400 naming {@code at}). */
    public static Instant notBefore(Instant at, Instant earlier, String what) {
        if (earlier != null && at.isBefore(earlier)) {
            throw new InvalidInput("at", "must not be before " + what + " (" + earlier + ")");
        }
        return at;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
