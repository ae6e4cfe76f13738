package org.infusiontracker.session;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.Forbidden;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Versions;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.care.DischargeNotReady;
import org.infusiontracker.care.SessionView;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.SessionApi.Abort;
import org.infusiontracker.session.SessionApi.CreateSession;
import org.infusiontracker.session.SessionApi.Discharge;
import org.infusiontracker.session.SessionApi.EndDosing;
import org.infusiontracker.session.SessionApi.StartDosing;
import org.infusiontracker.stream.EventLog;
import org.infusiontracker.vitals.VitalsService;

@ApplicationScoped
@Transactional
public class SessionService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final PatientService patients;
    private final VitalsService vitals;
    private final RuleService rules;
    private final FlagService flags;
    private final AuditLog audit;
    private final EventLog events;

    SessionService(
            ClinicContext clinic,
            ClinicalTime time,
            PatientService patients,
            VitalsService vitals,
            RuleService rules,
            FlagService flags,
            AuditLog audit,
            EventLog events) {
        this.events = events;
        this.audit = audit;
        this.clinic = clinic;
        this.time = time;
        this.patients = patients;
        this.vitals = vitals;
        this.rules = rules;
        this.flags = flags;
    }

    public SessionView create(CreateSession body) {
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
        s.status = SessionStatus.PLANNED;
        s.createdAt = time.now();
        s.persist();
        audit.write("CREATE", "session", s.id, Map.of("patientId", s.patientId));
        return published(SessionView.of(s));
    }

    /** The session with its baseline, latest reading, open flags and (while open) discharge readiness. */
    public Optional<SessionView> find(UUID id) {
        Optional<InfusionSession> found = findEntity(id);
        found.ifPresent(s -> audit.read("session", s.id));
        return found.map(this::detail);
    }

    private SessionView detail(InfusionSession s) {
        return SessionView.of(
                s,
                vitals.baseline(s).orElse(null),
                vitals.latest(s).orElse(null),
                flags.openOfSession(s.id),
                s.status.isOpen() ? rules.readiness(s, time.now()) : null);
    }

    /** The session in the caller's clinic, or 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InfusionSession require(UUID id) {
        return findEntity(id).orElseThrow(() -> new NotFound("Session", id));
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

    public Page<SessionView> list(
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
        return new Page<>(items, page, size, query.count()).map(SessionView::of);
    }

    public SessionView startDosing(UUID id, String ifMatch, StartDosing body) {
        InfusionSession s = transition(id, ifMatch, "start dosing for", SessionStatus.PLANNED);
        s.dosingStartedAt = time.orNow(body == null ? null : body.at(), "at");
        s.status = SessionStatus.DOSING;
        s.flush();
        audit.write("START_DOSING", "session", s.id, Map.of("at", s.dosingStartedAt));
        rules.onDosingStart(s);
        return published(detail(s));
    }

    public SessionView endDosing(UUID id, String ifMatch, EndDosing body) {
        InfusionSession s = transition(id, ifMatch, "end dosing for", SessionStatus.DOSING);
        s.dosingEndedAt =
                notBefore(time.orNow(body == null ? null : body.at(), "at"), s.dosingStartedAt, "dosing started");
        s.administeredDoseMg = body == null ? null : body.administeredDoseMg();
        s.status = SessionStatus.OBSERVATION;
        audit.write("END_DOSING", "session", s.id, Map.of("at", s.dosingEndedAt));
        return published(saved(s));
    }

    public SessionView discharge(UUID id, String ifMatch, Discharge body) {
        InfusionSession s = transition(id, ifMatch, "discharge", SessionStatus.OBSERVATION);
        boolean override = body != null && Boolean.TRUE.equals(body.override());
        String reason = body == null ? null : blankToNull(body.reason());
        if (override && reason == null) {
            throw new InvalidInput("reason", "is required when overriding");
        }
        if (override && !clinic.isPhysician()) {
            throw new Forbidden("Only a physician may override discharge readiness");
        }
        Instant at = notBefore(time.orNow(body == null ? null : body.at(), "at"), s.dosingEndedAt, "dosing ended");
        DischargeReadiness readiness = rules.readiness(s, at);
        if (!readiness.ready()) {
            if (!override) {
                throw new DischargeNotReady(readiness.blockers());
            }
            rules.onDischargeOverride(s, at);
        }
        s.dischargedAt = at;
        s.dischargeOverride = override && !readiness.ready();
        s.dischargeOverrideReason = s.dischargeOverride ? reason : null;
        s.status = SessionStatus.DISCHARGED;
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
                                readiness.blockers().stream().map(b -> b.code()).toList())
                        : Map.of("at", at));
        return published(saved(s));
    }

    public SessionView abort(UUID id, String ifMatch, Abort body) {
        InfusionSession s = transition(
                id, ifMatch, "abort", SessionStatus.PLANNED, SessionStatus.DOSING, SessionStatus.OBSERVATION);
        Instant at = time.orNow(body.at(), "at");
        at = notBefore(at, s.dosingStartedAt, "dosing started");
        at = notBefore(at, s.dosingEndedAt, "dosing ended");
        s.abortedAt = at;
        s.abortReason = body.reason().strip();
        s.status = SessionStatus.ABORTED;
        audit.write("ABORT", "session", s.id, Map.of("at", at, "reason", s.abortReason));
        return published(saved(s));
    }

    /** The session, if {@code ifMatch} names its current version (412 otherwise) and its state allows the move (409). */
    private InfusionSession transition(UUID id, String ifMatch, String action, SessionStatus... allowedFrom) {
        InfusionSession s = require(id);
        Versions.checkIfMatch(ifMatch, s.version);
        for (SessionStatus allowed : allowedFrom) {
            if (s.status == allowed) {
                return s;
            }
        }
        throw new IllegalTransition(action, s.status, allowedFrom);
    }

    private SessionView published(SessionView view) {
        events.publish(clinic.clinicId(), "session.updated", view);
        return view;
    }

    private SessionView saved(InfusionSession s) {
        s.flush();
        return published(detail(s));
    }

    private static Instant notBefore(Instant at, Instant earlier, String what) {
        if (earlier != null && at.isBefore(earlier)) {
            throw new InvalidInput("at", "must not be before " + what + " (" + earlier + ")");
        }
        return at;
    }

    private Optional<InfusionSession> findEntity(UUID id) {
        return InfusionSession.<InfusionSession>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .firstResultOptional();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
