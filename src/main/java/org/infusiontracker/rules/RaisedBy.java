package org.infusiontracker.rules;

import java.util.UUID;

/** What a flag is raised for: the session, and the reading or adverse event that raised it, if one did. */
public record RaisedBy(String clinicId, UUID sessionId, UUID readingId, UUID eventId) {

    public static RaisedBy session(String clinicId, UUID sessionId) {
        return new RaisedBy(clinicId, sessionId, null, null);
    }

    public static RaisedBy reading(String clinicId, UUID sessionId, UUID readingId) {
        return new RaisedBy(clinicId, sessionId, readingId, null);
    }

    public static RaisedBy event(String clinicId, UUID sessionId, UUID eventId) {
        return new RaisedBy(clinicId, sessionId, null, eventId);
    }
}
