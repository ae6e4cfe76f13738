package org.infusiontracker.stream;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * Deletes stream events older than {@code infusion.stream.retention}: they are a second copy of
 * the records, kept only so that a reconnecting dashboard gets what it missed, and no stream
 * replays them any more (an older cursor gets a reset). Deletes in batches
 * ({@link PlainSql#deleteBefore}). Each instance runs it.
 */
@ApplicationScoped
public class StreamEventPrune {

    private static final int BATCH = 10_000;

    private final PlainSql sql;
    private final StreamConfig config;
    private final ClinicalTime time;

    StreamEventPrune(PlainSql sql, StreamConfig config, ClinicalTime time) {
        this.sql = sql;
        this.config = config;
        this.time = time;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int removed = removeExpired();
            if (removed > 0) {
                Log.infof("Removed %d stream event(s) older than %s", removed, config.retention());
            }
        } catch (RuntimeException e) {
            Log.warnf("Stream events not pruned, trying again at the next run: %s", e.getMessage());
        }
    }

    /** Deletes the events older than the retention; returns how many. */
    public int removeExpired() {
        return sql.deleteBefore("stream_event", "created_at", time.now().minus(config.retention()), BATCH);
    }
}
