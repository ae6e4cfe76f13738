package org.infusiontracker.session;

/** The unit of a planned dose: milligrams, or milligrams per kilogram of body weight. */
public enum DoseUnit {
    MG,
    MG_PER_KG
}
