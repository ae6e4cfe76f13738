package org.infusiontracker.api;

/** The client's {@code If-Match} names a version the record no longer has (412). */
public class PreconditionFailed extends ProblemException {

    public PreconditionFailed(String detail) {
        super(412, "Precondition failed", detail);
    }
}
