package org.infusiontracker.security;

/**
 * The roles a token's {@code groups} claim may carry (design.md section 5). A physician may do all
 * a nurse may; every annotation that allows nurses therefore names physicians too.
 */
public final class Roles {

    /** Dashboards: reads only. */
    public static final String VIEWER = "viewer";
    /** Records sessions, readings and adverse events; acknowledges INFO and WARNING flags. */
    public static final String NURSE = "nurse";
    /** All a nurse may, and acknowledges CRITICAL flags, overrides a discharge, aborts a session. */
    public static final String PHYSICIAN = "physician";
    /** Edits rules and reads the audit trail. */
    public static final String ADMIN = "admin";

    private Roles() {}
}
