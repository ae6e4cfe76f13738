package org.infusiontracker.patient;

/** What in a patient's history changes how a session is watched (the risk table of docs/rules.md). */
public enum RiskFactor {
    SUBSTANCE_USE_HISTORY,
    HYPERTENSION,
    CARDIOVASCULAR_DISEASE,
    CEREBROVASCULAR_DISEASE,
    RESPIRATORY_DISEASE,
    PSYCHOSIS_HISTORY,
    BLADDER_DISEASE,
    RENAL_IMPAIRMENT,
    HEPATIC_IMPAIRMENT,
    PREGNANCY
}
