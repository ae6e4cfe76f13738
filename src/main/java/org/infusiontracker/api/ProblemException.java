package org.infusiontracker.api;

import java.util.List;

/**
 * A failure the client caused, carried to {@link ProblemMappers} and answered as problem+json.
 * Services throw the subclasses; resources never build error responses themselves.
 */
public abstract class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    protected ProblemException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return null;
    }

    /** Seconds the client should wait before trying again ({@code Retry-After}), or null. */
    public Integer retryAfterSeconds() {
        return null;
    }

    /** Why a move (the start of dosing, discharge) cannot happen yet, for the 409 that refuses it. */
    public List<?> blockers() {
        return null;
    }

    /** What a record still lacks (dotted field names), for the 409 that refuses to file it incomplete. */
    public List<String> missing() {
        return null;
    }
}
