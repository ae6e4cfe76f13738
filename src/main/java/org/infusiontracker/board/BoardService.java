package org.infusiontracker.board;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.api.ClinicContext;
import org.infusiontracker.api.ClinicalTime;
import org.infusiontracker.api.RecordStatus;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.board.BoardApi.Board;
import org.infusiontracker.board.BoardApi.Chair;
import org.infusiontracker.board.BoardApi.Due;
import org.infusiontracker.board.BoardApi.FlagCounts;
import org.infusiontracker.board.BoardApi.PatientRef;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.rules.Flag;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.rules.FlagStatus;
import org.infusiontracker.rules.RuleBook;
import org.infusiontracker.rules.RuleInputs;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Severity;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.VitalReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/**
 * The board in a fixed number of statements whatever the number of open sessions: the open
 * sessions with their patients, then their readings, their open and clock flags and their
 * unresolved adverse events, each in one query by session id (served by the session indexes);
 * everything else, discharge readiness and what is due included, is computed in memory.
 */
@ApplicationScoped
public class BoardService {

    private static final List<SessionStatus> OPEN = List.of(SessionStatus.PLANNED, SessionStatus.DOSING,
            SessionStatus.OBSERVATION);
    /** When, in minutes from now, the clock rules are sampled for what is due next: finely soon, coarsely later. */
    private static final int[] DUE_SAMPLES = { 0, 5, 10, 15, 20, 30, 45, 60 };
    /** How long an assessment of a chair stands while its records do not change. */
    private static final Duration ASSESSMENT_STANDS = Duration.ofMinutes(1);

    /** What went into a chair's assessment; an assessment is reused only for exactly the same inputs. */
    private record AssessmentInputs(long window, SessionStatus status, Instant dosingStartedAt, Instant dosingEndedAt,
            int readings, Instant lastRecordedAt, long unacknowledged, List<String> unresolved, Set<String> fired,
            List<UUID> ruleVersions) {
    }

    /** Discharge readiness and what is due next, as computed for those inputs. */
    private record Assessment(AssessmentInputs inputs, DischargeReadiness readiness, Due due) {
    }

    /** The latest assessment of each open chair (closed sessions are dropped as the board is read). */
    private final Map<UUID, Assessment> assessments = new ConcurrentHashMap<>();

    private final EntityManager em;
    private final ClinicalTime time;
    private final RuleService rules;
    private final AuditLog audit;
    private final ClinicContext clinic;

    BoardService(EntityManager em, ClinicalTime time, RuleService rules, AuditLog audit, ClinicContext clinic) {
        this.em = em;
        this.clinic = clinic;
        this.time = time;
        this.rules = rules;
        this.audit = audit;
    }

    @Transactional
    public Board board() {
        Instant now = time.now();
        audit.read("board", "open-sessions");
        String clinicId = clinic.clinicId();
        // Hundreds of entities are read and none is changed: no snapshots, no dirty checks, no flushes.
        Session session = em.unwrap(Session.class);
        session.setDefaultReadOnly(true);
        session.setHibernateFlushMode(FlushMode.MANUAL);
        List<Object[]> rows = em.createQuery("select s, p from InfusionSession s join Patient p on p.id = s.patientId "
                + "where s.clinicId = :clinic and p.clinicId = :clinic and s.status in :open order by s.createdAt, s.id", Object[].class)
                .setParameter("clinic", clinicId).setParameter("open", OPEN).getResultList();
        if (rows.isEmpty()) {
            return new Board(now, 0, List.of());
        }
        List<UUID> ids = rows.stream().map(r -> ((InfusionSession) r[0]).id).toList();
        Map<UUID, List<VitalReading>> readings = new HashMap<>();
        em.createQuery("from VitalReading where sessionId in :ids and clinicId = :clinic and " + RecordStatus.IN_FORCE
                + " order by sessionId, measuredAt, recordedAt, id",
                VitalReading.class).setParameter("ids", ids).setParameter("clinic", clinicId).getResultList()
                .forEach(r -> readings.computeIfAbsent(r.sessionId, k -> new ArrayList<>()).add(r));
        Map<UUID, List<Flag>> flags = new HashMap<>();
        em.createQuery("from Flag where sessionId in :ids and clinicId = :clinic and (status = :open or trigger = :clock)", Flag.class)
                .setParameter("ids", ids).setParameter("clinic", clinicId).setParameter("open", FlagStatus.OPEN).setParameter("clock", Trigger.CLOCK)
                .getResultList().forEach(f -> flags.computeIfAbsent(f.sessionId, k -> new ArrayList<>()).add(f));
        Map<UUID, List<String>> unresolved = new HashMap<>();
        em.createQuery("from AdverseEvent where sessionId in :ids and clinicId = :clinic and outcome is null and " + RecordStatus.IN_FORCE,
                AdverseEvent.class)
                .setParameter("ids", ids).setParameter("clinic", clinicId).getResultList()
                .forEach(e -> unresolved.computeIfAbsent(e.sessionId, k -> new ArrayList<>()).add(e.type.name()));

        List<Chair> chairs = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            InfusionSession s = (InfusionSession) row[0];
            chairs.add(chair(s, (Patient) row[1], readings.getOrDefault(s.id, List.of()),
                    flags.getOrDefault(s.id, List.of()), unresolved.getOrDefault(s.id, List.of()), now));
        }
        if (assessments.size() > 2 * chairs.size() + 64) {
            assessments.keySet().retainAll(new HashSet<>(ids));
        }
        chairs.sort(Comparator.comparing((Chair c) -> rank(c.openFlags().mostSevere())).reversed()
                .thenComparing(c -> c.dosingStartedAt() == null ? Instant.MAX : c.dosingStartedAt()));
        return new Board(now, chairs.size(), chairs);
    }

    private Chair chair(InfusionSession s, Patient p, List<VitalReading> readings, List<Flag> flags,
            List<String> unresolved, Instant now) {
        int critical = 0;
        int warning = 0;
        int info = 0;
        Set<String> clockFired = new HashSet<>();
        for (Flag f : flags) {
            if (f.trigger == Trigger.CLOCK) {
                clockFired.add(f.ruleCode);
            }
            if (f.status == FlagStatus.OPEN) {
                switch (f.severity) {
                    case CRITICAL -> critical++;
                    case WARNING -> warning++;
                    case INFO -> info++;
                }
            }
        }
        Severity mostSevere = critical > 0 ? Severity.CRITICAL : warning > 0 ? Severity.WARNING : info > 0 ? Severity.INFO : null;
        long unacknowledged = critical + warning;
        VitalReading baseline = readings.stream()
                .filter(r -> s.dosingStartedAt == null || r.measuredAt.isBefore(s.dosingStartedAt)).findFirst().orElse(null);
        VitalReading latest = readings.isEmpty() ? null : readings.get(readings.size() - 1);
        Assessment assessment = assess(s, p, readings, unacknowledged, unresolved, clockFired, now);
        return new Chair(s.id, new PatientRef(p.id, p.displayName, p.mrn), s.drug, s.route, s.status, s.dosingStartedAt,
                minutes(s.dosingStartedAt, now), minutes(s.dosingEndedAt, now),
                baseline == null ? null : ReadingView.of(baseline), latest == null ? null : ReadingView.of(latest),
                new FlagCounts(mostSevere, critical, warning, info), assessment.readiness(), assessment.due());
    }

    /**
     * The chair's discharge readiness and what falls due next. The rules are evaluated afresh when
     * the session, its readings, flags or events, or its rules change, and at least once a minute
     * of the clock; in between, a board read many times a minute reuses the assessment instead of
     * evaluating every chair's rules again. (Discharge itself always evaluates afresh.)
     */
    private Assessment assess(InfusionSession s, Patient p, List<VitalReading> readings, long unacknowledged,
            List<String> unresolved, Set<String> clockFired, Instant now) {
        List<RuleBook.ActiveRule> discharge = rules.active(s, Trigger.DISCHARGE);
        List<RuleBook.ActiveRule> pending = rules.active(s, Trigger.CLOCK).stream()
                .filter(rule -> !clockFired.contains(rule.code())).toList();
        List<UUID> versions = new ArrayList<>(discharge.size() + pending.size());
        discharge.forEach(rule -> versions.add(rule.id()));
        pending.forEach(rule -> versions.add(rule.id()));
        Instant lastRecorded = readings.stream().map(r -> r.recordedAt).max(Comparator.naturalOrder()).orElse(null);
        AssessmentInputs inputs = new AssessmentInputs(now.getEpochSecond() / ASSESSMENT_STANDS.toSeconds(), s.status,
                s.dosingStartedAt, s.dosingEndedAt, readings.size(), lastRecorded, unacknowledged, List.copyOf(unresolved),
                Set.copyOf(clockFired), versions);
        Assessment known = assessments.get(s.id);
        if (known != null && known.inputs().equals(inputs)) {
            return known;
        }
        Map<String, Object> state = RuleInputs.forSessionState(s, p, now, readings, unacknowledged, unresolved);
        Assessment assessment = new Assessment(inputs, rules.readiness(s, state),
                nextDue(s, p, readings, unacknowledged, unresolved, pending, now));
        assessments.put(s.id, assessment);
        return assessment;
    }

    /** The first clock rule, not yet fired, that would fire within the horizon if nothing were recorded. */
    private Due nextDue(InfusionSession s, Patient p, List<VitalReading> readings, long unacknowledged,
            List<String> unresolved, List<RuleBook.ActiveRule> pending, Instant now) {
        if (s.status == SessionStatus.PLANNED || pending.isEmpty()) {
            return null;
        }
        for (int minutes : DUE_SAMPLES) {
            Instant at = now.plus(Duration.ofMinutes(minutes));
            List<FlagService.Match> matches = rules.matches(pending,
                    RuleInputs.forSessionState(s, p, at, readings, unacknowledged, unresolved));
            if (!matches.isEmpty()) {
                return new Due(matches.get(0).rule().code(), matches.get(0).rule().message(), at);
            }
        }
        return null;
    }

    private static int rank(Severity severity) {
        return severity == null ? -1 : severity.ordinal();
    }

    private static Double minutes(Instant from, Instant to) {
        return from == null ? null : Duration.between(from, to).toMillis() / 60_000.0;
    }
}
