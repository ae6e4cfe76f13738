package org.infusiontracker.api;

/** The caller is known but may not do this (403). */
public class Forbidden extends ProblemException {

    public Forbidden(String detail) {
        super(403, "Forbidden", detail);
    }
}
