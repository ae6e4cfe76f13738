package org.infusiontracker.idempotency;

import org.infusiontracker.api.ProblemException;

/**
 * An {@value IdempotencyInterceptor#HEADER} that came first with another request (422): replaying
 * the first answer would tell the client that its new request was stored when it was not.
 */
public class IdempotencyKeyReused extends ProblemException {

    public IdempotencyKeyReused() {
        super(
                422,
                "Idempotency key reused with a different request",
                "This Idempotency-Key was first sent with another method, path or body; a new request needs a new key");
    }
}
