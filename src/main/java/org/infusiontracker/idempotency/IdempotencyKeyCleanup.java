package org.infusiontracker.idempotency;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.infusiontracker.record.ClinicalTime;

/**
 * Forgets idempotency keys once {@code infusion.idempotency.retention} has passed: retries come
 * within minutes or hours, and the table must not grow with every create. Each instance runs it;
 * two deleting the same expired rows do no harm.
 */
@ApplicationScoped
public class IdempotencyKeyCleanup {

    private final IdempotencyKeys keys;
    private final IdempotencyConfig config;
    private final ClinicalTime time;

    IdempotencyKeyCleanup(IdempotencyKeys keys, IdempotencyConfig config, ClinicalTime time) {
        this.keys = keys;
        this.config = config;
        this.time = time;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int removed = removeExpired();
        if (removed > 0) {
            Log.infof("Removed %d expired idempotency key(s)", removed);
        }
    }

    /** Deletes the keys older than the retention; returns how many. */
    public int removeExpired() {
        return keys.removeCreatedBefore(time.now().minus(config.retention()));
    }
}
