package org.infusiontracker.rules;

/**
 * What one evaluation of the rules sees, handed in by the features. Each component is the CEL
 * variable of the same name, and its CEL type is derived from the component's record
 * ({@link FactTypes}), so the variables and the types that conditions are checked against cannot
 * disagree. A null component or field is absent: {@code has()} is false for it and an unguarded
 * condition on it does not match. {@code news2} is not handed in: the engine scores it from
 * {@code reading}.
 */
public record Facts(
        ReadingFacts reading,
        ReadingFacts baseline,
        ReadingFacts previous,
        SessionFacts session,
        PatientFacts patient,
        EventFacts event) {}
