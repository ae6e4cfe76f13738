package org.infusiontracker.patient;

/** Conditions on file that contraindicate (es)ketamine (the product labels; docs/rules.md, sources S4 and S9). */
public enum Contraindication {
    ANEURYSMAL_VASCULAR_DISEASE,
    ARTERIOVENOUS_MALFORMATION,
    INTRACEREBRAL_HEMORRHAGE,
    HYPERSENSITIVITY
}
