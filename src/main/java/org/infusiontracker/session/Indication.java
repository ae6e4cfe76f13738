package org.infusiontracker.session;

/** Why the patient is treated (TRD: treatment-resistant depression). */
public enum Indication {
    TRD,
    PTSD,
    ANXIETY,
    OCD,
    CHRONIC_PAIN,
    OTHER
}
