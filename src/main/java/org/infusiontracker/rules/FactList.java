package org.infusiontracker.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code List} component of a fact record whose elements are another feature's facts: names
 * the CEL type of the elements (e.g. {@code Reading}), so that a feature can list facts it does not
 * know the record of.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface FactList {

    /** The CEL type of the elements, as a {@link RuleVariables.Variable#type()}. */
    String value();
}
