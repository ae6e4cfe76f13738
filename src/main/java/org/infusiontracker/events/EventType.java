package org.infusiontracker.events;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a stream event says happened, one per kind of change, under the name dashboards receive as
 * the SSE event name. The database accepts exactly these names (migrations V7, V19 and V21).
 */
public enum EventType {
    SESSION_CREATED("session.created"),
    /** A session moved: start of dosing, end of dosing, discharge or abort; once per move. */
    SESSION_UPDATED("session.updated"),
    VITALS_RECORDED("vitals.recorded"),
    VITALS_AMENDED("vitals.amended"),
    VITALS_RETRACTED("vitals.retracted"),
    ADVERSE_EVENT_RECORDED("adverse-event.recorded"),
    ADVERSE_EVENT_AMENDED("adverse-event.amended"),
    ADVERSE_EVENT_RESOLVED("adverse-event.resolved"),
    ADVERSE_EVENT_RETRACTED("adverse-event.retracted"),
    FLAG_RAISED("flag.raised"),
    FLAG_ACKNOWLEDGED("flag.acknowledged"),
    /** A controlled-substance count that disagrees with the book, or a loss: the clinic is alerted at once. */
    LEDGER_DISCREPANCY("ledger.discrepancy"),
    /** An open CRITICAL flag was not acknowledged in time; once per escalation step. */
    FLAG_ESCALATED("flag.escalated"),
    ASSESSMENT_RECORDED("assessment.recorded"),
    ASSESSMENT_AMENDED("assessment.amended"),
    ASSESSMENT_RETRACTED("assessment.retracted");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The event's name on the stream, e.g. {@code vitals.recorded}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
