package org.infusiontracker.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one evaluation of the rules sees, handed in by the features: each rule variable's fact
 * record, under the variable's name. A variable left out, or given as null, is absent: every field
 * of it is, so {@code has()} is false and an unguarded condition on it does not match. The record
 * must be the one the variable was declared with ({@link RuleVariables}), checked when the facts
 * are bound.
 */
public final class Facts {

    private final Map<String, Record> byVariable = new LinkedHashMap<>();

    private Facts() {}

    /** No facts yet. */
    public static Facts of() {
        return new Facts();
    }

    /** These facts and the variable's; null leaves it absent. */
    public Facts with(String variable, Record facts) {
        if (facts != null) {
            byVariable.put(variable, facts);
        }
        return this;
    }

    /** The facts handed in, by variable name. */
    public Map<String, Record> byVariable() {
        return Collections.unmodifiableMap(byVariable);
    }

    /** The facts of one variable, or null when absent. */
    public Record get(String variable) {
        return byVariable.get(variable);
    }
}
