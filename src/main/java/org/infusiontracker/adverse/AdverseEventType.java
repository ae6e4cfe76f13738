package org.infusiontracker.adverse;

/** What happened, in the words of the side-effect and risk tables' rows. */
public enum AdverseEventType {
    SEDATION,
    DISSOCIATION,
    DIZZINESS,
    CONFUSION,
    NAUSEA,
    VOMITING,
    HYPERTENSION,
    HALLUCINATIONS,
    CARDIAC,
    RESPIRATORY,
    URINARY,
    COGNITIVE,
    PSYCHOSIS,
    SUICIDAL_IDEATION,
    OTHER
}
