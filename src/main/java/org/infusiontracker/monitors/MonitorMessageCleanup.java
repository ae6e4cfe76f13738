package org.infusiontracker.monitors;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.infusiontracker.record.ClinicalTime;

/**
 * Forgets monitors' control ids once {@code infusion.hl7.message-retention} has passed: a monitor
 * repeats a message within seconds or minutes of losing its answer, and the table must not grow
 * with every reading. Deletes in batches, each in a transaction of its own, so that no delete
 * holds many rows at once. Each instance runs it (with or without a listener of its own); two
 * deleting the same rows do no harm.
 */
@ApplicationScoped
public class MonitorMessageCleanup {

    static final int BATCH = 5000;

    private final Monitors monitors;
    private final Hl7Config config;
    private final ClinicalTime time;

    MonitorMessageCleanup(Monitors monitors, Hl7Config config, ClinicalTime time) {
        this.monitors = monitors;
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
        Instant cutoff = time.now().minus(config.messageRetention());
        int removed = 0;
        int deleted;
        do {
            deleted = monitors.forgetAcknowledgedBefore(cutoff, BATCH);
            removed += deleted;
        } while (deleted == BATCH);
        return removed;
    }
}
