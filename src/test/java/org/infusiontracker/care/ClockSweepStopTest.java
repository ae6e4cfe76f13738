package org.infusiontracker.care;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A service that is stopping sweeps no further session: a stop during a long sweep once went on
 * sweeping after the container was gone, and the transaction manager's shutdown, waiting for the
 * sweep's transaction, spun without end.
 */
@QuarkusTest
class ClockSweepStopTest {

    @Inject
    ClockSweep sweep;

    @Test
    void aStoppingServiceSweepsNoSessionAndARunningOneDoes() {
        Instant start = Instant.now().minus(60, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String session = Fixtures.session();
        Fixtures.startDosing(session, Map.of("at", start.toString())).statusCode(200);
        Fixtures.recordVitals(
                        session, Map.of("measuredAt", start.toString(), "systolic", 122, "diastolic", 78, "spo2", 98))
                .statusCode(201);

        sweep.stopping(true);
        try {
            assertEquals(0, sweep.sweep());
            assertTrue(cadenceFlags(session).isEmpty(), "a stopping service swept a session");
        } finally {
            sweep.stopping(false);
        }
        sweep.sweep();
        assertEquals(1, cadenceFlags(session).size(), "the missed blood pressure was not flagged once running");
    }

    private static List<Object> cadenceFlags(String session) {
        return given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.ruleCode == 'BP_CADENCE_IV' }");
    }
}
