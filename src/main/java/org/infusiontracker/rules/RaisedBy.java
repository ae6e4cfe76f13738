package org.infusiontracker.rules;

import java.util.UUID;

/**
 * What a flag is raised for: the session, or the patient when there is no session (an assessment
 * taken between sessions), and the reading, adverse event or assessment that raised it, if one did.
 */
public record RaisedBy(
        String clinicId, UUID sessionId, UUID readingId, UUID eventId, UUID patientId, UUID assessmentId) {

    public static RaisedBy session(String clinicId, UUID sessionId) {
        return new RaisedBy(clinicId, sessionId, null, null, null, null);
    }

    public static RaisedBy reading(String clinicId, UUID sessionId, UUID readingId) {
        return new RaisedBy(clinicId, sessionId, readingId, null, null, null);
    }

    public static RaisedBy event(String clinicId, UUID sessionId, UUID eventId) {
        return new RaisedBy(clinicId, sessionId, null, eventId, null, null);
    }

    /**
     * An assessment of the patient: the flag is the session's when the assessment names one, else
     * the patient's own.
     */
    public static RaisedBy assessment(String clinicId, UUID patientId, UUID sessionId, UUID assessmentId) {
        return new RaisedBy(clinicId, sessionId, null, null, sessionId == null ? patientId : null, assessmentId);
    }
}
