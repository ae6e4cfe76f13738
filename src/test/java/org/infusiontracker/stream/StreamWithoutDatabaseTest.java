package org.infusiontracker.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import org.infusiontracker.api.Problem;
import org.infusiontracker.api.ProblemMappers;
import org.junit.jupiter.api.Test;

/**
 * Opening a stream while the database cannot be reached fails at once, before any event is sent,
 * with the service's 503 (Retry-After), not a hang and not a 200 that never sends anything. The
 * database here is a real pool pointed at a port where no server listens.
 */
class StreamWithoutDatabaseTest {

    private static StreamConfig config() {
        return new StreamConfig() {
            @Override
            public Duration poll() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration heartbeat() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration retention() {
                return Duration.ofHours(24);
            }

            @Override
            public int maxPerUser() {
                return 5;
            }
        };
    }

    @Test
    void openingWithTheDatabaseAwayIs503() throws SQLException {
        try (AgroalDataSource absent = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1)
                        .acquisitionTimeout(Duration.ofSeconds(2))
                        .connectionFactoryConfiguration(
                                factory -> factory.jdbcUrl("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2")
                                        .principal(new NamePrincipal("postgres")))))) {
            StreamHub hub = new StreamHub(absent, config(), null, null);
            RuntimeException failure = assertThrows(RuntimeException.class, () -> hub.begin("a-clinic", null, null));
            Response answer = new ProblemMappers().unexpected(failure, null);
            assertEquals(503, answer.getStatus());
            assertEquals(Problem.MEDIA_TYPE, answer.getMediaType().toString());
            assertEquals("5", answer.getHeaderString("Retry-After"));
        }
    }
}
