package org.infusiontracker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * Publishes a stream event in the caller's transaction: the row in {@code stream_event} and a
 * NOTIFY that PostgreSQL delivers only when the transaction commits, both written as the
 * transaction commits ({@link PlainSql#atCommit}). A change that rolls back publishes nothing.
 */
@ApplicationScoped
public class EventLog {

    public static final String CHANNEL = "infusion_events";

    private static final String PUBLISH = """
            with event as (
                insert into stream_event (clinic_id, type, payload, created_at)
                values (?, ?, ?, ?) returning clinic_id)
            select pg_notify('%s', clinic_id) from event
            """.formatted(CHANNEL);

    private final PlainSql sql;
    private final ClinicalTime time;
    private final ObjectMapper json;

    EventLog(PlainSql sql, ClinicalTime time, ObjectMapper json) {
        this.sql = sql;
        this.time = time;
        this.json = json;
    }

    /** {@code payload} is what the dashboard receives as the event's data. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String clinicId, EventType type, Object payload) {
        sql.atCommit(PUBLISH, clinicId, type.wireName(), toJson(payload), time.now());
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Stream payload cannot be written as JSON", e);
        }
    }
}
