package org.infusiontracker.idempotency;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * Forgets idempotency keys once {@code infusion.idempotency.retention} has passed: retries come
 * within minutes or hours, and the table must not grow with every create. Deletes in batches
 * ({@link PlainSql#deleteBefore}). Each instance runs it.
 */
@ApplicationScoped
public class IdempotencyKeyCleanup {

    private static final int BATCH = 5000;

    private final PlainSql sql;
    private final IdempotencyConfig config;
    private final ClinicalTime time;

    IdempotencyKeyCleanup(PlainSql sql, IdempotencyConfig config, ClinicalTime time) {
        this.sql = sql;
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
        return sql.deleteBefore("idempotency_key", "created_at", time.now().minus(config.retention()), BATCH);
    }
}
