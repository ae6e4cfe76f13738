package org.infusiontracker.stream;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import org.infusiontracker.record.ClinicalTime;

/**
 * Deletes stream events older than {@code infusion.stream.retention}: they are a second copy of
 * the records, kept only so that a reconnecting dashboard gets what it missed, and no stream
 * replays them any more (an older cursor gets a reset). Deletes in batches, each committed on its
 * own, so that a large backlog never holds one long transaction. Each instance runs it; two
 * deleting the same rows do no harm.
 */
@ApplicationScoped
public class StreamEventPrune {

    private static final int BATCH = 10_000;
    private static final String DELETE = """
            delete from stream_event where id in (
                select id from stream_event where created_at < ? limit %d)
            """.formatted(BATCH);

    private final AgroalDataSource dataSource;
    private final StreamConfig config;
    private final ClinicalTime time;

    StreamEventPrune(AgroalDataSource dataSource, StreamConfig config, ClinicalTime time) {
        this.dataSource = dataSource;
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
        } catch (SQLException e) {
            Log.warnf("Stream events not pruned, trying again at the next run: %s", e.getMessage());
        }
    }

    /** Deletes the events older than the retention; returns how many. */
    public int removeExpired() throws SQLException {
        var before = time.now().minus(config.retention()).atOffset(ZoneOffset.UTC);
        int total = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(DELETE)) {
            c.setAutoCommit(true);
            int removed;
            do {
                delete.setObject(1, before);
                removed = delete.executeUpdate();
                total += removed;
            } while (removed == BATCH);
        }
        return total;
    }
}
