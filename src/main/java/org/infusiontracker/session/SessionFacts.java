package org.infusiontracker.session;

import java.math.BigDecimal;
import java.util.List;
import org.infusiontracker.rules.FactList;
import org.infusiontracker.rules.RuleVariables;

/**
 * A session as the rules see it (CEL type {@code Session}), at the moment it is judged at. The
 * course fields ({@code readings}, {@code unacknowledgedFlags}, {@code unresolvedEventTypes},
 * {@code unresolvedEvents}) describe the whole course so far and are filled only where the
 * session's state is judged (discharge readiness, the clock sweep).
 *
 * @param readings             the readings in force up to that moment, in clinical order, each with
 *                             its {@code minutesAgo} (the vitals feature's facts, of type
 *                             {@code Reading})
 * @param unacknowledgedFlags  open WARNING and CRITICAL flags
 * @param unresolvedEventTypes types of the adverse events in force without an outcome
 * @param unresolvedEvents     the adverse events in force without an outcome, in onset order (the
 *                             adverse-event feature's facts, of type {@code Event})
 * @param administeredDoseMg   the dose given, once dosing has ended
 * @param plannedDoseMg        the planned dose in mg (filled at the end of dosing: a dose per kg is
 *                             multiplied by the patient's weight, absent when no weight is on file)
 * @param dosingStoppedEarly   dosing was stopped before the planned dose (a reaction)
 */
public record SessionFacts(
        String drug,
        String route,
        String indication,
        String status,
        Boolean prescriberOnSite,
        String lotNumber,
        BigDecimal plannedDoseAmount,
        Boolean open,
        Double minutesSinceDosingStarted,
        Double minutesSinceDosingEnded,
        @FactList("Reading") List<? extends Record> readings,
        Long unacknowledgedFlags,
        List<String> unresolvedEventTypes,
        @FactList("Event") List<? extends Record> unresolvedEvents,
        BigDecimal administeredDoseMg,
        BigDecimal plannedDoseMg,
        Boolean dosingStoppedEarly) {

    /** The rule variable. */
    public static final String VARIABLE = "session";

    /** The variable {@code session}. */
    public static final class Variables implements RuleVariables {

        @Override
        public List<Variable> variables() {
            return List.of(new Variable(VARIABLE, SessionFacts.class, "Session"));
        }
    }
}
