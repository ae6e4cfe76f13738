package org.infusiontracker.session;

import java.util.EnumSet;
import java.util.Set;

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

    /** The states in which a session takes clinical records and shows on the board. */
    public static final Set<SessionStatus> OPEN = EnumSet.of(PLANNED, DOSING, OBSERVATION);

    /** The states in which the patient has had a dose and is watched by the clock rules. */
    public static final Set<SessionStatus> DOSED_AND_OPEN = EnumSet.of(DOSING, OBSERVATION);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
