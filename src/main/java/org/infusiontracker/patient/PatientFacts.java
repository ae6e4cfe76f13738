package org.infusiontracker.patient;

import java.math.BigDecimal;
import java.util.List;
import org.infusiontracker.rules.RuleVariables;

/**
 * A patient as the rules see it (CEL type {@code Patient}).
 *
 * @param sessionsLast7Days sessions whose dosing started in the seven days up to this one's start
 *                          (filled for the start of dosing only)
 */
public record PatientFacts(
        List<String> riskFactors,
        List<String> contraindications,
        Integer birthYear,
        BigDecimal weightKg,
        Long sessionsLast7Days) {

    /** The rule variable. */
    public static final String VARIABLE = "patient";

    /** The variable {@code patient}. */
    public static final class Variables implements RuleVariables {

        @Override
        public List<Variable> variables() {
            return List.of(new Variable(VARIABLE, PatientFacts.class, "Patient"));
        }
    }
}
