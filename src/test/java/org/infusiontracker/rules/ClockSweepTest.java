package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.infusiontracker.Fixtures;
import org.infusiontracker.care.ClockSweep;
import org.junit.jupiter.api.Test;

/** A clock rule fires once per session, however often and however concurrently the sweep runs. */
@QuarkusTest
class ClockSweepTest {

    @Inject
    ClockSweep sweep;

    @Test
    void aClockRuleFiresOncePerSessionEvenWithConcurrentSweeps() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusMock.installMockForType(Clock.fixed(now, ZoneOffset.UTC), Clock.class);
        String session = Fixtures.session();
        Fixtures.startDosing(
                        session, Map.of("at", now.minus(Duration.ofMinutes(25)).toString()))
                .statusCode(200);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Integer> once = sweep::sweep;
            List<Future<Integer>> runs = pool.invokeAll(List.of(once, once, once, once));
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        sweep.sweep();

        List<String> codes = given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("ruleCode");
        assertEquals(1, codes.stream().filter("SPO2_NOT_MONITORED"::equals).count(), codes::toString);
        assertEquals(1, codes.stream().filter("BP_CADENCE_IV"::equals).count(), codes::toString);
    }
}
