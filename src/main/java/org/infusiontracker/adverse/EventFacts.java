package org.infusiontracker.adverse;

import java.util.List;
import org.infusiontracker.rules.RuleVariables;

/** An adverse event as the rules see it (CEL type {@code Event}). */
public record EventFacts(String type, Integer grade, Boolean serious, Double minutesAfterDosingStart) {

    /** The rule variable. */
    public static final String VARIABLE = "event";

    /** The variable {@code event}. */
    public static final class Variables implements RuleVariables {

        @Override
        public List<Variable> variables() {
            return List.of(new Variable(VARIABLE, EventFacts.class, "Event"));
        }
    }
}
