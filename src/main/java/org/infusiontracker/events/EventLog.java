package org.infusiontracker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * Publishes a stream event in the caller's transaction: the row in {@code stream_event}, written as
 * the transaction commits ({@link PlainSql#atCommit}), and once it has committed, the clinic's
 * streams on every instance woken ({@link EventNotifier}). A change that rolls back publishes
 * nothing.
 */
@ApplicationScoped
public class EventLog {

    public static final String CHANNEL = "infusion_events";

    /** The events of a transaction, added at commit in the order published (their ids number them so). */
    private static final PlainSql.Rows EVENTS = new PlainSql.Rows(
            "stream_event",
            List.of("clinic_id", "type", "payload", "created_at"),
            List.of("text", "text", "text", "timestamptz"));

    private final PlainSql sql;
    private final ClinicalTime time;
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transaction;
    private final EventNotifier notifier;

    EventLog(
            PlainSql sql,
            ClinicalTime time,
            ObjectMapper json,
            TransactionSynchronizationRegistry transaction,
            EventNotifier notifier) {
        this.sql = sql;
        this.time = time;
        this.json = json;
        this.transaction = transaction;
        this.notifier = notifier;
    }

    /** {@code payload} is what the dashboard receives as the event's data. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String clinicId, EventType type, Object payload) {
        sql.insertAtCommit(EVENTS, clinicId, type.wireName(), toJson(payload), time.now());
        Committed clinics = (Committed) transaction.getResource(Committed.class);
        if (clinics == null) {
            clinics = new Committed();
            transaction.putResource(Committed.class, clinics);
            transaction.registerInterposedSynchronization(clinics);
        }
        clinics.add(clinicId);
    }

    /** The clinics with events in one transaction, handed to the notifier once it committed. */
    private final class Committed extends LinkedHashSet<String> implements Synchronization {
        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                forEach(notifier::committed);
            }
        }
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Stream payload cannot be written as JSON", e);
        }
    }
}
