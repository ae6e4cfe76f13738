package org.infusiontracker.session;

/**
 * A kind of medicine the patient takes besides, as the REMS Patient Monitoring Form asks it (yes or
 * no each): those that add to esketamine's sedation or raise its blood pressure.
 */
public enum ConcomitantMedication {
    BENZODIAZEPINE,
    NON_BENZODIAZEPINE_SEDATIVE_HYPNOTIC,
    PSYCHOSTIMULANT,
    MAOI,
    OPIOID
}
