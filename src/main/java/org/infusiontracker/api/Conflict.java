package org.infusiontracker.api;

/** The request is well formed but clashes with the record's current state (409). */
public class Conflict extends ProblemException {

    public Conflict(String title, String detail) {
        super(409, title, detail);
    }
}
