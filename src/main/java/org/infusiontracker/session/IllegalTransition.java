package org.infusiontracker.session;

import java.util.Arrays;
import org.infusiontracker.api.ProblemException;

/** A lifecycle move the session's current state does not allow (409). */
public class IllegalTransition extends ProblemException {

    public IllegalTransition(String action, SessionStatus current, SessionStatus... allowedFrom) {
        super(
                409,
                "Illegal transition",
                "Cannot " + action + " a session that is " + current + "; allowed from "
                        + Arrays.toString(allowedFrom));
    }
}
