package org.infusiontracker.rems;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.adverse.EventFacts;
import org.infusiontracker.care.SessionState;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.rules.FlagService.Match;
import org.infusiontracker.rules.RuleBook;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Severity;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionFacts;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

/**
 * The form's evaluation question, "without the two-hour rule, when would the patient have been ready
 * to leave?", answered by the clinic's own discharge rules: they judge the session as it stood at
 * each reading after dosing started, and the first reading at which none of them matches is the
 * answer. The rules that are about the clock and the staff rather than the patient (the two-hour
 * minimum and flags not yet acknowledged) are left out, so the thresholds stay in the rule book and
 * a clinic's own discharge rules count here too.
 */
@ApplicationScoped
class ReadyToLeave {

    /** The discharge rules that judge the clock and the staff, not the patient's condition. */
    static final Set<String> NOT_THE_PATIENT = Set.of("DISCHARGE_MIN_OBSERVATION", "DISCHARGE_UNACKNOWLEDGED_FLAGS");

    private static final Set<Severity> NOT_ACCEPTABLE = Set.of(Severity.WARNING, Severity.CRITICAL);

    private final RuleService rules;
    private final SessionState state;

    ReadyToLeave(RuleService rules, SessionState state) {
        this.rules = rules;
        this.state = state;
    }

    /**
     * The answer: whole minutes from dosing start to the first reading (clinical time, up to
     * discharge) at which the patient met every criterion, or null with what still held at the
     * last reading.
     */
    record Answer(Integer minutes, List<String> stillUnmet) {}

    /** One session's records, judged at any time. */
    final class Course {
        private final InfusionSession s;
        private final PatientFacts patient;
        private final List<VitalReading> inForce;
        private final List<AdverseEvent> events;
        private final List<RuleBook.ActiveRule> criteria;

        private Course(InfusionSession s, PatientFacts patient, List<VitalReading> inForce, List<AdverseEvent> events) {
            this.s = s;
            this.patient = patient;
            this.inForce = inForce;
            this.events = events;
            this.criteria = rules.active(s.clinicId, Trigger.DISCHARGE).stream()
                    .filter(rule -> !NOT_THE_PATIENT.contains(rule.code()))
                    .toList();
        }

        /** The codes of the discharge criteria the patient did not meet at {@code at}. */
        List<String> unmetAt(Instant at) {
            List<EventFacts> unresolved = events.stream()
                    .filter(e -> unresolvedAt(e, at))
                    .map(e -> e.facts(s.dosingStartedAt))
                    .toList();
            return rules.matches(criteria, state.at(s, patient, at, inForce, 0, unresolved, Trigger.DISCHARGE)).stream()
                    .map(m -> m.rule().code())
                    .distinct()
                    .toList();
        }

        Answer answer() {
            List<String> unmet = List.of("no reading after dosing started");
            Instant last = null;
            for (VitalReading r : inForce) {
                boolean counted = !r.measuredAt.isBefore(s.dosingStartedAt)
                        && (s.dischargedAt == null || !r.measuredAt.isAfter(s.dischargedAt));
                if (!counted || r.measuredAt.equals(last)) {
                    continue;
                }
                last = r.measuredAt;
                unmet = unmetAt(r.measuredAt);
                if (unmet.isEmpty()) {
                    return new Answer(
                            (int) Duration.between(s.dosingStartedAt, r.measuredAt)
                                    .toMinutes(),
                            List.of());
                }
            }
            return new Answer(null, unmet);
        }

        /**
         * Whether the latest pre-dose values were acceptable: no WARNING or CRITICAL reading rule
         * matches them; null without a pre-dose reading.
         */
        Boolean acceptableBeforeDosing() {
            if (inForce.stream().noneMatch(r -> r.measuredAt.isBefore(s.dosingStartedAt))) {
                return null;
            }
            List<Match> matches = rules.matches(
                    s.clinicId,
                    Trigger.READING,
                    Readings.beforeDosing(s, inForce)
                            .with(SessionFacts.VARIABLE, s.facts(s.dosingStartedAt))
                            .with(PatientFacts.VARIABLE, patient));
            return matches.stream()
                    .noneMatch(m -> NOT_ACCEPTABLE.contains(m.rule().severity()));
        }
    }

    /** The session's course for judging; dosing must have started. */
    Course of(InfusionSession s, PatientFacts patient, List<VitalReading> inForce, List<AdverseEvent> events) {
        return new Course(s, patient, inForce, events);
    }

    /** An event counts from its onset until its outcome was recorded (an outcome without a time: resolved). */
    private static boolean unresolvedAt(AdverseEvent e, Instant at) {
        if (e.onsetAt.isAfter(at)) {
            return false;
        }
        return e.outcome == null || (e.resolvedAt != null && e.resolvedAt.isAfter(at));
    }
}
