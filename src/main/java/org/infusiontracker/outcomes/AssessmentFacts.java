package org.infusiontracker.outcomes;

import java.util.List;
import org.infusiontracker.rules.RuleVariables;

/**
 * An outcome assessment as the rules see it (CEL type {@code Assessment}).
 *
 * @param instrument {@code PHQ9}, {@code GAD7} or {@code PCL5}
 * @param answers    the items in the instrument's order ({@code answers[8]} is PHQ-9 item 9)
 */
public record AssessmentFacts(String instrument, List<Integer> answers, Integer total, String band) {

    /** The rule variable. */
    public static final String VARIABLE = "assessment";

    /** The variable {@code assessment}. */
    public static final class Variables implements RuleVariables {

        @Override
        public List<Variable> variables() {
            return List.of(new Variable(VARIABLE, AssessmentFacts.class, "Assessment"));
        }
    }
}
