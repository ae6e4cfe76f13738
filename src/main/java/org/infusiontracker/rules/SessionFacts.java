package org.infusiontracker.rules;

import java.math.BigDecimal;
import java.util.List;

/**
 * A session as the rules see it (CEL type {@code Session}), at the moment it is judged at. The
 * last three fields describe the whole course so far and are filled only where the session's state
 * is judged (discharge readiness, the clock sweep).
 *
 * @param readings             the readings in force up to that moment, in clinical order, each with
 *                             its {@code minutesAgo}
 * @param unacknowledgedFlags  open WARNING and CRITICAL flags
 * @param unresolvedEventTypes types of the adverse events in force without an outcome
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
        List<ReadingFacts> readings,
        Long unacknowledgedFlags,
        List<String> unresolvedEventTypes) {}
