package org.infusiontracker.ledger;

/** What a ledger entry records. */
public enum EntryKind {
    /** Drawn for a session of the same clinic and drug. */
    ADMINISTERED,
    /** Left over and destroyed, with how (the reason), before a witness. */
    WASTED,
    /** A count of what is left, before a witness; records the variance and leaves the balance alone. */
    COUNT,
    /** Stolen, spilled or broken: taken off the balance, reported to the DEA; physicians only. */
    LOSS,
    /** Undoes a mistaken entry by a new one with a reason; physicians only. */
    REVERSAL;

    /** Needs a second person's signature (the Witness-Authorization header). */
    boolean needsWitness() {
        return this == WASTED || this == COUNT || this == LOSS;
    }

    /** Only a physician may record it. */
    boolean physicianOnly() {
        return this == LOSS || this == REVERSAL;
    }
}
