package org.infusiontracker.board;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
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
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.infusiontracker.adverse.AdverseEventService;
import org.infusiontracker.adverse.EventFacts;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.board.BoardApi.Board;
import org.infusiontracker.board.BoardApi.Chair;
import org.infusiontracker.board.BoardApi.Due;
import org.infusiontracker.board.BoardApi.FlagCounts;
import org.infusiontracker.board.BoardApi.PatientRef;
import org.infusiontracker.care.CareService;
import org.infusiontracker.care.SessionState;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rems.RemsForms;
import org.infusiontracker.rules.Facts;
import org.infusiontracker.rules.Flag;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.rules.FlagStatus;
import org.infusiontracker.rules.RuleBook;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Severity;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.session.SessionService.OpenSession;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.NEWS2;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/**
 * The board in a fixed number of statements whatever the number of open sessions: the open
 * sessions with their patients, the count and latest recording time of their readings in force,
 * their open and clock flags and their unresolved adverse events, each in one query by session id
 * (served by the session indexes), and the readings of the chairs whose assessment must be made
 * again. Everything else, discharge readiness and what is due included, is computed in memory.
 */
@ApplicationScoped
public class BoardService {

    /** When, in minutes from now, the clock rules are sampled for what is due next: finely soon, coarsely later. */
    private static final int[] DUE_SAMPLES = {0, 5, 10, 15, 20, 30, 45, 60};
    /** How long an assessment of a chair stands while its records do not change. */
    private static final Duration ASSESSMENT_STANDS = Duration.ofMinutes(1);

    /**
     * What a chair's assessment depends on; an assessment is reused only for exactly the same
     * inputs. Readings are only ever added or taken out of force (an amendment adds a version), so
     * their count and latest recording time in force change with every change to them.
     */
    private record AssessmentInputs(
            long window,
            SessionStatus status,
            Instant dosingStartedAt,
            Instant dosingEndedAt,
            long readings,
            Instant lastRecordedAt,
            long unacknowledged,
            List<EventFacts> unresolved,
            List<UUID> ruleVersions,
            Set<ClockGap> clockFired) {}

    /**
     * The chair's baseline and latest reading, current NEWS2, discharge readiness and what is due
     * next, for those inputs (so the NEWS2 window slides at the latest with the minute).
     */
    private record Assessment(
            AssessmentInputs inputs,
            ReadingView baseline,
            ReadingView latest,
            NEWS2 currentNews2,
            DischargeReadiness readiness,
            Due due) {}

    /** A chair's open flags counted, and the gaps its clock flags name (a clock rule fires once per gap). */
    private record FlagState(FlagCounts counts, long unacknowledged, Set<ClockGap> clockFired) {}

    /** A clock rule's gap, as its flag names it: the rule and the matched value (none: the whole session). */
    private record ClockGap(String ruleCode, String matchedValue) {
        static ClockGap of(String ruleCode, String matchedValue) {
            return new ClockGap(ruleCode, matchedValue == null ? "" : matchedValue);
        }
    }

    /** The latest assessment of each open chair (closed sessions are dropped as the board is read). */
    private final Map<UUID, Assessment> assessments = new ConcurrentHashMap<>();

    private final EntityManager em;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final Readings readings;
    private final AdverseEventService events;
    private final FlagService flagService;
    private final CareService care;
    private final SessionState state;
    private final RuleService rules;
    private final AuditLog audit;
    private final ClinicContext clinic;
    private final RemsForms remsForms;

    BoardService(
            EntityManager em,
            ClinicalTime time,
            SessionService sessions,
            Readings readings,
            AdverseEventService events,
            FlagService flagService,
            CareService care,
            SessionState state,
            RuleService rules,
            AuditLog audit,
            ClinicContext clinic,
            RemsForms remsForms) {
        this.remsForms = remsForms;
        this.sessions = sessions;
        this.readings = readings;
        this.events = events;
        this.flagService = flagService;
        this.care = care;
        this.state = state;
        this.em = em;
        this.clinic = clinic;
        this.time = time;
        this.rules = rules;
        this.audit = audit;
    }

    /**
     * The open chairs, most urgent first. Each chair's baseline, latest reading, discharge readiness
     * and forecast are computed afresh when its session, readings, flags, events or rules change,
     * and at least once a minute; in between they are reused, and its readings are not read.
     */
    @Transactional
    public Board board() {
        Instant now = time.now();
        audit.read("board", "open-sessions");
        String clinicId = clinic.clinicId();
        // Many entities are read and none is changed: no snapshots, no dirty checks, no flushes.
        Session session = em.unwrap(Session.class);
        session.setDefaultReadOnly(true);
        session.setHibernateFlushMode(FlushMode.MANUAL);
        List<OpenSession> rows = sessions.openWithPatients(clinicId);
        if (rows.isEmpty()) {
            return new Board(now, 0, remsForms.overdueCount(clinicId), List.of(), flagService.openOfPatients(clinicId));
        }
        List<UUID> ids = rows.stream().map(r -> r.session().id).toList();
        Map<UUID, Readings.Tally> tallies = readings.tallies(ids, clinicId);
        Map<UUID, List<Flag>> flags = flagService.openOrClockOf(ids, clinicId);
        Map<UUID, List<EventFacts>> unresolved =
                events.unresolved(rows.stream().map(OpenSession::session).toList(), clinicId);

        Map<UUID, FlagState> flagStates = new HashMap<>();
        Map<UUID, AssessmentInputs> inputs = new HashMap<>();
        Set<UUID> stale = new HashSet<>();
        for (OpenSession row : rows) {
            InfusionSession s = row.session();
            FlagState state = flagState(flags.getOrDefault(s.id, List.of()));
            flagStates.put(s.id, state);
            List<RuleBook.ActiveRule> clockRules = rules.active(s.clinicId, Trigger.CLOCK);
            Readings.Tally tally = tallies.getOrDefault(s.id, new Readings.Tally(0, null));
            AssessmentInputs in = inputs(
                    s,
                    tally.count(),
                    tally.lastRecordedAt(),
                    state,
                    clockRules,
                    unresolved.getOrDefault(s.id, List.of()),
                    now);
            inputs.put(s.id, in);
            Assessment known = assessments.get(s.id);
            if (known == null || !known.inputs().equals(in)) {
                stale.add(s.id);
            }
        }
        Map<UUID, List<VitalReading>> readingsOfStale =
                stale.isEmpty() ? Map.of() : readings.inForce(List.copyOf(stale), clinicId);

        List<Chair> chairs = new ArrayList<>(rows.size());
        for (OpenSession row : rows) {
            InfusionSession s = row.session();
            Patient p = row.patient();
            FlagState state = flagStates.get(s.id);
            Assessment assessment = stale.contains(s.id)
                    ? assess(
                            s,
                            p,
                            readingsOfStale.getOrDefault(s.id, List.of()),
                            state,
                            rules.active(s.clinicId, Trigger.CLOCK),
                            unresolved.getOrDefault(s.id, List.of()),
                            inputs.get(s.id),
                            now)
                    : assessments.get(s.id);
            chairs.add(new Chair(
                    s.id,
                    new PatientRef(p.id, p.displayName, p.mrn),
                    s.drug,
                    s.route,
                    s.status,
                    s.dosingStartedAt,
                    minutes(s.dosingStartedAt, now),
                    minutes(s.dosingEndedAt, now),
                    assessment.baseline(),
                    assessment.latest(),
                    assessment.currentNews2(),
                    state.counts(),
                    assessment.readiness(),
                    assessment.due()));
        }
        if (assessments.size() > 2 * chairs.size() + 64) {
            assessments.keySet().retainAll(new HashSet<>(ids));
        }
        chairs.sort(Comparator.comparing((Chair c) -> c.openFlags().escalated() > 0)
                .thenComparing(c -> rank(c.openFlags().mostSevere()))
                .reversed()
                .thenComparing(c -> c.dosingStartedAt() == null ? Instant.MAX : c.dosingStartedAt()));
        return new Board(
                now, chairs.size(), remsForms.overdueCount(clinicId), chairs, flagService.openOfPatients(clinicId));
    }

    private static FlagState flagState(List<Flag> flags) {
        int critical = 0;
        int warning = 0;
        int info = 0;
        int escalated = 0;
        Set<ClockGap> clockFired = new HashSet<>();
        for (Flag f : flags) {
            if (f.trigger == Trigger.CLOCK) {
                clockFired.add(ClockGap.of(f.ruleCode, f.matchedValue));
            }
            if (f.status == FlagStatus.OPEN) {
                if (f.escalations > 0) {
                    escalated++;
                }
                switch (f.severity) {
                    case CRITICAL -> critical++;
                    case WARNING -> warning++;
                    case INFO -> info++;
                }
            }
        }
        Severity mostSevere =
                critical > 0 ? Severity.CRITICAL : warning > 0 ? Severity.WARNING : info > 0 ? Severity.INFO : null;
        return new FlagState(
                new FlagCounts(mostSevere, critical, warning, info, escalated), critical + warning, clockFired);
    }

    /** The inputs: the rules by their version ids, and the gaps the clock flags already name. */
    private AssessmentInputs inputs(
            InfusionSession s,
            long readings,
            Instant lastRecordedAt,
            FlagState flags,
            List<RuleBook.ActiveRule> clockRules,
            List<EventFacts> unresolved,
            Instant now) {
        List<UUID> versions = new ArrayList<>();
        rules.active(s.clinicId, Trigger.DISCHARGE).forEach(rule -> versions.add(rule.id()));
        clockRules.forEach(rule -> versions.add(rule.id()));
        return new AssessmentInputs(
                now.getEpochSecond() / ASSESSMENT_STANDS.toSeconds(),
                s.status,
                s.dosingStartedAt,
                s.dosingEndedAt,
                readings,
                lastRecordedAt,
                flags.unacknowledged(),
                List.copyOf(unresolved),
                versions,
                flags.clockFired());
    }

    private Assessment assess(
            InfusionSession s,
            Patient p,
            List<VitalReading> readings,
            FlagState flags,
            List<RuleBook.ActiveRule> clockRules,
            List<EventFacts> unresolved,
            AssessmentInputs inputs,
            Instant now) {
        VitalReading baseline = Readings.baseline(s, readings).orElse(null);
        VitalReading latest = Readings.latest(readings).orElse(null);
        PatientFacts patient = p.facts(null);
        Facts stateNow = state.at(s, patient, now, readings, flags.unacknowledged(), unresolved, Trigger.DISCHARGE);
        Assessment assessment = new Assessment(
                inputs,
                baseline == null ? null : ReadingView.of(baseline, this.readings.news2Of(baseline, readings)),
                latest == null ? null : ReadingView.of(latest, this.readings.news2Of(latest, readings)),
                this.readings.news2At(readings, now),
                care.readiness(s, stateNow),
                nextDue(s, patient, readings, flags, unresolved, clockRules, now));
        assessments.put(s.id, assessment);
        return assessment;
    }

    /**
     * The first clock rule that would fire within the horizon if nothing were recorded: a match for a
     * gap that a clock flag already names would raise nothing, so it is not due.
     */
    private Due nextDue(
            InfusionSession s,
            PatientFacts patient,
            List<VitalReading> readings,
            FlagState flags,
            List<EventFacts> unresolved,
            List<RuleBook.ActiveRule> clockRules,
            Instant now) {
        if (s.status == SessionStatus.PLANNED || clockRules.isEmpty()) {
            return null;
        }
        for (int minutes : DUE_SAMPLES) {
            Instant at = now.plus(Duration.ofMinutes(minutes));
            Facts then = state.at(s, patient, at, readings, flags.unacknowledged(), unresolved, Trigger.CLOCK);
            for (FlagService.Match match : rules.matches(clockRules, then)) {
                if (!flags.clockFired().contains(ClockGap.of(match.rule().code(), match.matchedValue()))) {
                    return new Due(match.rule().code(), match.rule().message(), at);
                }
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
