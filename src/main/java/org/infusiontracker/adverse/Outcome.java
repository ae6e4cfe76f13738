package org.infusiontracker.adverse;

/**
 * How an adverse event ended, after FHIR's adverse-event-outcome code system, less
 * {@code ongoing}: an event without an outcome is the ongoing one.
 */
public enum Outcome {
    RESOLVED,
    RECOVERING,
    RESOLVED_WITH_SEQUELAE,
    FATAL,
    UNKNOWN
}
