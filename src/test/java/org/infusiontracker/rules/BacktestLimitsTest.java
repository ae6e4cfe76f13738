package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * What keeps an admin's backtests from exhausting the service: candidates are not cached, one
 * backtest per clinic runs at a time, and a window is replayed a page at a time under a budget.
 */
@QuarkusTest
class BacktestLimitsTest {

    @Inject
    CelRules cel;

    @Inject
    RuleEditor editor;

    /** A window of its own, far in the past, so that no other test's data falls in it. */
    private static Instant ownWindow() {
        return Instant.parse("1971-01-01T00:00:00Z")
                .plus(ThreadLocalRandom.current().nextLong(0, 20L * 365 * 24 * 60), ChronoUnit.MINUTES);
    }

    private static ValidatableResponse backtest(String token, String condition, Instant from, Instant to) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", TestTokens.bearer(token))
                .body(Map.of("condition", condition, "from", from.toString(), "to", to.toString()))
                .post("/api/v1/rules/SPO2_LOW/backtest")
                .then();
    }

    private static ValidatableResponse backtest(String condition, Instant from, Instant to) {
        return backtest(TestTokens.DEFAULT, condition, from, to);
    }

    @Test
    void candidateConditionsAreNeverCached() {
        Instant from = ownWindow();
        Instant to = from.plus(Duration.ofHours(1));
        backtest("has(reading.spo2) && reading.spo2 <= 94", from, to).statusCode(200);
        long cached = cel.cachedConditions();

        for (int i = 0; i < 5; i++) {
            backtest("has(reading.spo2) && reading.spo2 <= " + (50 + i) + " && " + i + " < 10", from, to)
                    .statusCode(200);
        }

        assertEquals(cached, cel.cachedConditions(), "compiled conditions cached after five candidates");
    }

    @Test
    void aSecondBacktestOfTheClinicWhileOneRunsIs429AndAnotherClinicsIsNot() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable holdTheFirst = () -> {
            if (holding.getCount() > 0) {
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        editor.tune(new RuleEditor.Tuning(Duration.ofSeconds(20), RuleEditor.BACKTEST_PAGE_RECORDS, holdTheFirst));
        Instant from = ownWindow();
        Instant to = from.plus(Duration.ofHours(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> first =
                    pool.submit(() -> backtest("true", from, to).extract().statusCode());
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the first backtest did not take the lock");

            backtest("false", from, to)
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("type", equalTo("/problems/backtest-running"))
                    .body("status", equalTo(429))
                    .body("detail", startsWith("Another backtest of this clinic is running"));
            String otherClinic = TestTokens.token("backtest-other-clinic", "other.admin", "admin");
            backtest(otherClinic, "false", from, to).statusCode(200).body("complete", equalTo(true));

            release.countDown();
            assertEquals(200, first.get(60, TimeUnit.SECONDS));
            backtest("false", from, to).statusCode(200);
        } finally {
            release.countDown();
            editor.tune(null);
            pool.shutdownNow();
        }
    }

    @Test
    void aBacktestOfTheClinicRunningOnAnotherInstanceIsHeldToo() throws Exception {
        Instant from = ownWindow();
        Instant to = from.plus(Duration.ofHours(1));
        // Another instance's backtest: the clinic's lock taken on a connection of another process.
        try (Connection otherInstance = DriverManager.getConnection(
                        ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                        "postgres",
                        "");
                PreparedStatement lock = otherInstance.prepareStatement(BacktestLock.TRY_LOCK)) {
            lock.setString(1, TestTokens.CLINIC);
            try (ResultSet taken = lock.executeQuery()) {
                assertTrue(taken.next() && taken.getBoolean(1), "the test could not take the lock");
            }

            backtest("true", from, to).statusCode(429).header("Retry-After", "20");

            // Released by the other instance: unlocked explicitly, since closing a connection
            // returns before the server has ended its backend and dropped the lock.
            try (PreparedStatement unlock = otherInstance.prepareStatement(BacktestLock.UNLOCK)) {
                unlock.setString(1, TestTokens.CLINIC);
                try (ResultSet released = unlock.executeQuery()) {
                    assertTrue(released.next() && released.getBoolean(1), "the test could not release the lock");
                }
            }
        }

        backtest("true", from, to).statusCode(200).body("complete", equalTo(true));
    }

    @Test
    void aBacktestOutOfBudgetAnswersWhatItReplayedAndHowFar() {
        Instant start = ownWindow();
        String a = Fixtures.session();
        Fixtures.startDosing(a, Map.of("at", start.toString())).statusCode(200);
        for (int minute : new int[] {1, 2}) {
            recordVitals(
                            a,
                            Map.of(
                                    "measuredAt",
                                    start.plus(Duration.ofMinutes(minute)).toString(),
                                    "spo2",
                                    90))
                    .statusCode(201);
        }
        String b = Fixtures.session();
        Fixtures.startDosing(b, Map.of("at", start.toString())).statusCode(200);
        recordVitals(b, Map.of("measuredAt", start.plus(Duration.ofMinutes(5)).toString(), "spo2", 90))
                .statusCode(201);
        String c = Fixtures.session();
        Fixtures.startDosing(c, Map.of("at", start.toString())).statusCode(200);
        recordVitals(c, Map.of("measuredAt", start.plus(Duration.ofMinutes(8)).toString(), "spo2", 90))
                .statusCode(201);
        Instant to = start.plus(Duration.ofHours(1));

        editor.tune(new RuleEditor.Tuning(Duration.ZERO, 1, null));
        try {
            ValidatableResponse partial = backtest("has(reading.spo2) && reading.spo2 <= 94", start, to)
                    .statusCode(200)
                    .body("complete", equalTo(false))
                    .body("evaluated", equalTo(2))
                    .body("candidate.matches", equalTo(2))
                    .body("candidate.sessions", equalTo(1));
            Instant through = Instant.parse(partial.extract().path("evaluatedThrough"));
            assertEquals(start.plus(Duration.ofMinutes(5)), through, "every record before b's was replayed");
            assertTrue(through.isBefore(to));
        } finally {
            editor.tune(null);
        }

        ValidatableResponse whole = backtest("has(reading.spo2) && reading.spo2 <= 94", start, to)
                .statusCode(200)
                .body("complete", equalTo(true))
                .body("evaluated", equalTo(4))
                .body("candidate.sessions", equalTo(3));
        assertEquals(to, Instant.parse(whole.extract().path("evaluatedThrough")));
        assertFalse(Instant.parse(whole.extract().path("evaluatedThrough")).isBefore(to));
    }
}
