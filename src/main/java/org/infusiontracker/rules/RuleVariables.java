package org.infusiontracker.rules;

import java.util.List;

/**
 * The rule variables a feature hands the engine, each typed by a fact record of the feature's own;
 * the engine derives the CEL types from those records ({@link FactTypes}). Each implementation is
 * listed in {@code META-INF/services/org.infusiontracker.rules.RuleVariables}, in the order the
 * variables are documented; the engine reads them once, when it loads.
 */
public interface RuleVariables {

    /**
     * A variable conditions may use.
     *
     * @param name  the name in conditions, e.g. {@code reading}
     * @param facts the record whose components are the variable's fields
     * @param type  the CEL type's name, e.g. {@code Reading}; variables of one record share it
     */
    record Variable(String name, Class<? extends Record> facts, String type) {}

    List<Variable> variables();
}
