package org.infusiontracker.session;

/**
 * A session's lifecycle: {@code PLANNED -> DOSING -> OBSERVATION -> DISCHARGED}, and
 * {@code ABORTED} from any open state. Each move is its own POST with its own time.
 */
public enum SessionStatus {
    PLANNED,
    DOSING,
    OBSERVATION,
    DISCHARGED,
    ABORTED;

    public boolean isOpen() {
        return this == PLANNED || this == DOSING || this == OBSERVATION;
    }
}
