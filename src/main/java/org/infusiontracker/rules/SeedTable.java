package org.infusiontracker.rules;

/** Which of the product's tables a rule belongs to: side effects, risks, or session conduct. */
public enum SeedTable {
    SIDE_EFFECT,
    RISK,
    SESSION
}
