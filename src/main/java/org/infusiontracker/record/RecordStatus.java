package org.infusiontracker.record;

/**
 * Where a version of a clinical record stands, after FHIR's observation status: {@code FINAL} is
 * in force; {@code AMENDED} was replaced by a correction that names it in {@code supersedes};
 * {@code ENTERED_IN_ERROR} was retracted. Only FINAL rows count as a session's readings and events.
 */
public enum RecordStatus {
    FINAL,
    AMENDED,
    ENTERED_IN_ERROR;

    /**
     * The HQL condition that keeps the versions in force (readings and adverse events alike), so
     * that every query that means "the session's records" says it the same way.
     */
    public static final String IN_FORCE = "status = org.infusiontracker.record.RecordStatus.FINAL";
}
