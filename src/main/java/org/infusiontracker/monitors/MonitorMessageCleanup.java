package org.infusiontracker.monitors;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * Forgets monitors' control ids once {@code infusion.hl7.message-retention} has passed: a monitor
 * repeats a message within seconds or minutes of losing its answer, and the table must not grow
 * with every reading. Deletes in batches ({@link PlainSql#deleteBefore}). Each instance runs it
 * (with or without a listener of its own).
 */
@ApplicationScoped
public class MonitorMessageCleanup {

    static final int BATCH = 5000;

    private final PlainSql sql;
    private final Hl7Config config;
    private final ClinicalTime time;

    MonitorMessageCleanup(PlainSql sql, Hl7Config config, ClinicalTime time) {
        this.sql = sql;
        this.config = config;
        this.time = time;
    }

    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int removed = removeExpired();
        if (removed > 0) {
            Log.infof("Forgot %d monitor message control id(s) past their retention", removed);
        }
    }

    /** Deletes the messages acknowledged before the retention; returns how many. */
    public int removeExpired() {
        return sql.deleteBefore(
                "monitor_message", "acknowledged_at", time.now().minus(config.messageRetention()), BATCH);
    }
}
