package org.infusiontracker.api;

/** The names of the HTTP headers of our own, for the code that sends them and the API document. */
public final class Headers {

    /** A client's key for a safe retry of a create. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Marks an answer replayed for a retry with the same key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Headers() {}
}
