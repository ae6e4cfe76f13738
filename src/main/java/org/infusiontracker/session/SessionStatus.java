package org.infusiontracker.session;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** {@link #OPEN} as an SQL list of literals, for statements written by hand: {@code 'DOSING', 'OBSERVATION', 'PLANNED'}. */
    public static final String OPEN_IN_SQL =
            OPEN.stream().map(st -> "'" + st.name() + "'").sorted().collect(Collectors.joining(", "));

    /** The states in which the patient has had a dose and is watched by the clock rules. */
    public static final Set<SessionStatus> DOSED_AND_OPEN = EnumSet.of(DOSING, OBSERVATION);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
