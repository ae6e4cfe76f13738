package org.infusiontracker.api;

/** The caller holds as many of a limited resource as allowed (429); {@code Retry-After} says when to try again. */
public class TooManyRequests extends ProblemException {

    private final int retryAfterSeconds;

    public TooManyRequests(String title, String detail, int retryAfterSeconds) {
        super(429, title, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
