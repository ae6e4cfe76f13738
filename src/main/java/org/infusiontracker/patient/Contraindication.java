package org.infusiontracker.patient;

/** Conditions on file that contraindicate (es)ketamine (label, domain.md S4 and S9). */
public enum Contraindication {
    ANEURYSMAL_VASCULAR_DISEASE,
    ARTERIOVENOUS_MALFORMATION,
    INTRACEREBRAL_HEMORRHAGE,
    HYPERSENSITIVITY
}
