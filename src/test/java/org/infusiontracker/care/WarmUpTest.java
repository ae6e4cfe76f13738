package org.infusiontracker.care;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** The warm-up runs the write path and leaves nothing behind; readiness waits for it. */
@QuarkusTest
class WarmUpTest {

    @Inject
    @Readiness
    WarmUp warmUp;

    @Inject
    AgroalDataSource db;

    private static final List<String> TABLES = List.of(
            "patient",
            "treatment_session",
            "vital_reading",
            "flag",
            "audit_event",
            "stream_event",
            "rule_evaluation_error");

    private long rowsOfTheWarmUpClinic() throws Exception {
        long rows = 0;
        try (Connection c = db.getConnection()) {
            for (String table : TABLES) {
                try (PreparedStatement s =
                        c.prepareStatement("select count(*) from " + table + " where clinic_id = ?")) {
                    s.setString(1, WarmUp.CLINIC);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        rows += r.getLong(1);
                    }
                }
            }
        }
        return rows;
    }

    private long streamEvents() throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from stream_event");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void theWarmUpRecordsReadingsThroughTheWritePathAndStoresNothing() throws Exception {
        long events = streamEvents();
        // As at start: on a thread of its own, outside any request.
        java.util.concurrent.CompletableFuture<Integer> recorded = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                recorded.complete(warmUp.run(120));
            } catch (RuntimeException e) {
                recorded.completeExceptionally(e);
            }
        });
        thread.start();
        assertEquals(120, recorded.get(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, rowsOfTheWarmUpClinic());
        assertEquals(events, streamEvents(), "no event of the warm-up reached the stream");
    }

    @Test
    void offInTestsTheServiceIsReadyAtOnce() {
        assertEquals(HealthCheckResponse.Status.UP, warmUp.call().getStatus());
    }
}
