package org.infusiontracker.rules;

/** When a rule is evaluated, and so which variables it is given (docs/rules.md, "Triggers and what each fills"). */
public enum Trigger {
    /** Every recorded set of vital signs. */
    READING,
    /** Every recorded adverse event. */
    ADVERSE_EVENT,
    /** The start-dosing transition: a matching CRITICAL rule is a blocker of the dosing gate. */
    DOSING_START,
    /** The end-dosing transition, when the dose given is known. */
    DOSING_END,
    /** Discharge readiness: a matching rule is a blocker. */
    DISCHARGE,
    /** The scheduled sweep over open sessions, for what did not happen. Fires once per gap (its matched value). */
    CLOCK,
    /** Every recorded outcome assessment (PHQ-9, GAD-7, PCL-5), with or without a session. */
    ASSESSMENT
}
