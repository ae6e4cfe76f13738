package org.infusiontracker.session;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.session.SessionApi.CreateSession;
import org.infusiontracker.session.SessionApi.PlannedDose;

/**
 * What single-field limits cannot see in a plan: a drug, route and dose that cannot go together.
 * Esketamine is a nasal spray of 28 mg devices, given as one to three of them; ketamine by weight
 * is planned between 0.05 and 2.0 mg/kg. Ketamine in mg keeps the body's own limits.
 */
final class PlannedDoses {

    /** Esketamine doses in mg: one, two or three 28 mg devices. */
    static final Set<BigDecimal> ESKETAMINE_MG =
            Set.of(new BigDecimal("28"), new BigDecimal("56"), new BigDecimal("84"));

    static final BigDecimal KETAMINE_MIN_MG_PER_KG = new BigDecimal("0.05");
    static final BigDecimal KETAMINE_MAX_MG_PER_KG = new BigDecimal("2.0");

    private PlannedDoses() {}

    /** 400 naming each field (route, plannedDose.unit, plannedDose.amount) that the plan gets wrong. */
    static void check(CreateSession body) {
        List<Violation> violations = new ArrayList<>();
        PlannedDose dose = body.plannedDose();
        if (body.drug() == Drug.ESKETAMINE) {
            if (body.route() != null && body.route() != Route.INTRANASAL) {
                violations.add(new Violation("route", "must be INTRANASAL for ESKETAMINE (a nasal spray)"));
            }
            if (dose != null && dose.unit() != null && dose.unit() != DoseUnit.MG) {
                violations.add(new Violation("plannedDose.unit", "must be MG for ESKETAMINE"));
            } else if (dose != null && dose.amount() != null && !isOneOf(dose.amount(), ESKETAMINE_MG)) {
                violations.add(new Violation(
                        "plannedDose.amount", "must be 28, 56 or 84 mg for ESKETAMINE (one to three 28 mg devices)"));
            }
        }
        if (body.drug() == Drug.KETAMINE
                && dose != null
                && dose.unit() == DoseUnit.MG_PER_KG
                && dose.amount() != null
                && (dose.amount().compareTo(KETAMINE_MIN_MG_PER_KG) < 0
                        || dose.amount().compareTo(KETAMINE_MAX_MG_PER_KG) > 0)) {
            violations.add(new Violation("plannedDose.amount", "must be 0.05 to 2.0 mg/kg for KETAMINE"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    /** Whether the amount equals one of the values, whatever its scale (56, 56.0 and 56.000 are one dose). */
    private static boolean isOneOf(BigDecimal amount, Set<BigDecimal> values) {
        return values.stream().anyMatch(v -> v.compareTo(amount) == 0);
    }
}
