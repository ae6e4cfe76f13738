package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.care.ClockSweep;
import org.infusiontracker.sql.PlainSql;
import org.junit.jupiter.api.Test;

/**
 * A clock rule fires once per gap: the same gap is flagged once however often and however
 * concurrently the sweep runs, acknowledged or not; the next gap counts an occurrence on the open
 * flag or, once that was acknowledged, raises a new flag. The sweep is called directly, with the
 * server clock moved by the test.
 */
@QuarkusTest
class ClockSweepTest {

    private static final String CADENCE = "BP_CADENCE_IV";

    @Inject
    ClockSweep sweep;

    @Inject
    FlagService flagService;

    @Inject
    RuleService rules;

    @Inject
    PlainSql sql;

    /** The server clock, moved by the test. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** An IV infusion whose dosing started at {@link #start}, on a clock the test moves. */
    private final class Infusion {
        final Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        final TestClock clock = new TestClock(start);
        final String session;

        Infusion() {
            QuarkusMock.installMockForType(clock, Clock.class);
            session = Fixtures.session();
            Fixtures.startDosing(session, Map.of("at", start.toString())).statusCode(200);
        }

        Instant at(int minutes, int seconds) {
            return start.plus(Duration.ofMinutes(minutes).plusSeconds(seconds));
        }

        /** A blood pressure (and SpO2, so that only the blood pressure rules are in play) at that minute. */
        void bloodPressureAt(int minutes) {
            readingAt(minutes, "systolic", 122, "diastolic", 78, "heartRate", 72, "spo2", 98);
        }

        void readingAt(int minutes, Object... keysAndValues) {
            clock.set(at(minutes, 0));
            Map<String, Object> body = new HashMap<>();
            body.put("measuredAt", at(minutes, 0).toString());
            for (int i = 0; i < keysAndValues.length; i += 2) {
                body.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            Fixtures.recordVitals(session, body).statusCode(201);
        }

        void sweepAt(int minutes, int seconds) {
            clock.set(at(minutes, seconds));
            sweep.sweep();
        }

        void sweepAt(int minutes) {
            sweepAt(minutes, 0);
        }

        /** The session's flags of one rule, oldest first. */
        List<Map<String, Object>> flags(String code) {
            List<Map<String, Object>> all = given().get("/api/v1/sessions/" + session + "/flags")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            return all.stream().filter(f -> code.equals(f.get("ruleCode"))).toList();
        }
    }

    private static Instant time(Object iso) {
        return OffsetDateTime.parse((String) iso).toInstant();
    }

    private static void acknowledge(Object flagId) {
        given().contentType(ContentType.JSON)
                .body(Map.of("note", "seen, blood pressure taken"))
                .post("/api/v1/flags/" + flagId + "/acknowledge")
                .then()
                .statusCode(200);
    }

    @Test
    void eachMissedFifteenMinuteBloodPressureOfAnIvInfusionIsANewFlagOnceTheLastWasAcknowledged() {
        Infusion iv = new Infusion();
        iv.bloodPressureAt(0);

        iv.sweepAt(16);
        List<Map<String, Object>> flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        Map<String, Object> first = flags.get(0);
        assertEquals("no blood pressure since minute 0", first.get("matchedValue"));
        assertEquals(1, first.get("occurrences"));
        assertEquals(2, first.get("ruleVersion"));

        iv.sweepAt(17);
        assertEquals(List.of(first), iv.flags(CADENCE), "the same gap again: no flag, no occurrence");

        acknowledge(first.get("id"));
        iv.sweepAt(18);
        flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), () -> "an acknowledged gap is not raised again: " + iv.flags(CADENCE));
        assertEquals("ACKNOWLEDGED", flags.get(0).get("status"));
        assertEquals(1, flags.get(0).get("occurrences"));

        iv.bloodPressureAt(20);
        iv.sweepAt(36);
        flags = iv.flags(CADENCE);
        assertEquals(2, flags.size(), flags::toString);
        Map<String, Object> second = flags.get(1);
        assertNotEquals(first.get("id"), second.get("id"));
        assertEquals("OPEN", second.get("status"));
        assertEquals("no blood pressure since minute 20", second.get("matchedValue"));
        assertEquals(1, second.get("occurrences"));
        assertEquals(iv.at(36, 0), time(second.get("raisedAt")));

        iv.sweepAt(37);
        assertEquals(List.of(flags.get(0), second), iv.flags(CADENCE), "the second gap again: nothing");
    }

    @Test
    void aNewGapWhileTheFlagIsOpenCountsAnOccurrenceWithTheNewGap() {
        Infusion iv = new Infusion();
        iv.bloodPressureAt(0);
        iv.sweepAt(16);
        iv.bloodPressureAt(20);
        iv.sweepAt(36);
        iv.sweepAt(37);

        List<Map<String, Object>> flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        Map<String, Object> flag = flags.get(0);
        assertEquals("OPEN", flag.get("status"));
        assertEquals(2, flag.get("occurrences"));
        assertEquals("no blood pressure since minute 20", flag.get("matchedValue"));
        assertEquals(iv.at(16, 0), time(flag.get("raisedAt")));
        assertEquals(iv.at(36, 0), time(flag.get("lastMatchedAt")));
    }

    @Test
    void theCadenceFiresAtFifteenMinutesAfterDosingStartedAndJustOverFifteenMinutesAfterTheLastBloodPressure() {
        Infusion iv = new Infusion();

        iv.sweepAt(14, 59);
        assertEquals(List.of(), iv.flags(CADENCE), "14:59 into dosing without a blood pressure");
        iv.sweepAt(15);
        List<Map<String, Object>> flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        assertEquals("no blood pressure since dosing started", flags.get(0).get("matchedValue"));

        iv.bloodPressureAt(20);
        iv.sweepAt(35);
        assertEquals(1, iv.flags(CADENCE).get(0).get("occurrences"), "a blood pressure exactly 15 minutes ago");
        iv.sweepAt(35, 1);
        flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        assertEquals(2, flags.get(0).get("occurrences"), "a blood pressure 15 minutes 1 second ago");
        assertEquals("no blood pressure since minute 20", flags.get(0).get("matchedValue"));
    }

    @Test
    void aRuleWhoseGapIsTheWholeSessionFiresOnceEvenAfterItsFlagIsAcknowledged() {
        Infusion iv = new Infusion();
        iv.bloodPressureAt(10);
        iv.sweepAt(51);
        List<Map<String, Object>> flags = iv.flags("BP_MISSING_40MIN");
        assertEquals(1, flags.size(), flags::toString);

        acknowledge(flags.get(0).get("id"));
        iv.sweepAt(52);
        iv.bloodPressureAt(55);
        iv.sweepAt(60);
        flags = iv.flags("BP_MISSING_40MIN");
        assertEquals(1, flags.size(), flags::toString);
        assertEquals("ACKNOWLEDGED", flags.get(0).get("status"));
        assertEquals(1, flags.get(0).get("occurrences"));
    }

    @Test
    void persistingSedationIsFlaggedOncePerMoaasScore() {
        Infusion iv = new Infusion();
        iv.readingAt(80, "sedationMoaas", 3, "spo2", 97, "systolic", 120, "diastolic", 75);
        iv.sweepAt(90);
        List<Map<String, Object>> flags = iv.flags("SEDATION_PERSISTING");
        assertEquals(1, flags.size(), flags::toString);
        assertEquals("MOAA/S 3", flags.get(0).get("matchedValue"));

        acknowledge(flags.get(0).get("id"));
        iv.sweepAt(91);
        assertEquals(1, iv.flags("SEDATION_PERSISTING").size(), "the same score after acknowledgement");

        iv.readingAt(95, "sedationMoaas", 4);
        iv.sweepAt(96);
        iv.sweepAt(97);
        flags = iv.flags("SEDATION_PERSISTING");
        assertEquals(2, flags.size(), flags::toString);
        assertEquals("MOAA/S 4", flags.get(1).get("matchedValue"));
        assertEquals(1, flags.get(1).get("occurrences"));

        acknowledge(flags.get(1).get("id"));
        iv.readingAt(100, "sedationMoaas", 3);
        iv.sweepAt(101);
        assertEquals(2, iv.flags("SEDATION_PERSISTING").size(), "a score already flagged and acknowledged");
    }

    /**
     * A session whose clock flags cannot be written fails alone: a trigger on the flag table (made
     * by the test as the schema's owner, on a connection of its own) refuses every flag of that
     * one session, a real error of PostgreSQL. The session of another clinic swept at the same time
     * gets its flag, the failure is counted, and the next sweep runs (the lock was released).
     */
    @Test
    void aSessionWhoseFlagsCannotBeWrittenStopsNoOtherSessionsClock() throws Exception {
        Infusion iv = new Infusion();
        String clinic = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        String failing = dosingSessionOf(clinic, iv.start);
        String name = "refuse_flags_" + failing.replace("-", "");
        try (Connection owner = DriverManager.getConnection(
                        ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                        "postgres",
                        "");
                Statement ddl = owner.createStatement()) {
            ddl.execute("create function " + name + "() returns trigger language plpgsql as $$ begin "
                    + "raise exception 'the flags of this session cannot be written'; end $$");
            ddl.execute("create trigger " + name + " before insert or update on flag for each row when "
                    + "(new.session_id = '" + failing + "') execute function " + name + "()");
            double failuresBefore = sweepFailures(clinic);
            try {
                iv.sweepAt(16);
                List<Map<String, Object>> flags = iv.flags(CADENCE);
                assertEquals(1, flags.size(), flags::toString);
                assertEquals(
                        "no blood pressure since dosing started", flags.get(0).get("matchedValue"));
                assertEquals(failuresBefore + 1, sweepFailures(clinic));
                assertEquals(List.of(), flagsOf(clinic, failing), "the failing session's flags were rolled back");

                iv.bloodPressureAt(20);
                iv.sweepAt(36);
                flags = iv.flags(CADENCE);
                assertEquals(1, flags.size(), flags::toString);
                assertEquals(2, flags.get(0).get("occurrences"), "the next sweep ran");
                assertEquals("no blood pressure since minute 20", flags.get(0).get("matchedValue"));
                assertEquals(failuresBefore + 2, sweepFailures(clinic));
                long held = QuarkusTransaction.requiringNew()
                        .call(() -> sql.query("""
                                select count(*) from pg_locks where locktype = 'advisory'
                                  and (classid::bigint << 32 | objid::bigint) = hashtextextended(current_schema(), ?)
                                """, row -> row.getLong(1), ClockSweep.LOCK_KEY)
                                .get(0));
                assertEquals(0, held, "the sweep's lock is held after the sweep");
            } finally {
                ddl.execute("drop trigger if exists " + name + " on flag");
                ddl.execute("drop function if exists " + name + "()");
                asClinic(clinic)
                        .body(Map.of("reason", "test over"))
                        .post("/api/v1/sessions/" + failing + "/abort")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200);
            }
        }
    }

    /**
     * A clinic's clock rule that renders some 15 kB of digits, more than an entry of the unique
     * index of clock flags per gap may hold: its flag is raised with the value cut to 1000
     * characters, where the whole value once failed the flag's insert.
     */
    @Test
    void aClockRuleWhoseValueIsTooLongForTheIndexRaisesItsFlagWithTheValueCut() {
        Infusion iv = new Infusion();
        String clinic = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        String digits = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
        Map<String, Object> rule = new HashMap<>();
        rule.put("table", "RISK");
        rule.put("row", "Blood pressure");
        rule.put("severity", "WARNING");
        rule.put("trigger", "CLOCK");
        rule.put("condition", "has(session.minutesSinceDosingStarted)");
        String x = "(double(a * 10 + b) + session.minutesSinceDosingStarted)";
        String eight = String.join(
                " + ",
                List.of("1.0123456789", "2.0987654321", "3.1415926535", "4.6692016091", "5.772156649", "6.2831853071")
                        .stream()
                        .map(k -> "string(" + x + " * " + k + ")")
                        .toList());
        rule.put("matchedValue", digits + ".map(a, " + digits + ".map(b, " + eight + "))");
        rule.put("message", "a value too long for the index of clock flags");
        rule.put("source", "test");
        rule.put("reason", "a clock flag with a long value");
        asClinic(clinic)
                .body(rule)
                .put("/api/v1/rules/SWEEP_VALUE_TOO_LONG")
                .then()
                .statusCode(201);
        String session = dosingSessionOf(clinic, iv.start);
        try {
            iv.sweepAt(16);
            List<Map<String, Object>> flags = asClinic(clinic)
                    .get("/api/v1/sessions/" + session + "/flags")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.ruleCode == 'SWEEP_VALUE_TOO_LONG' }");
            assertEquals(1, flags.size(), flags::toString);
            String value = (String) flags.get(0).get("matchedValue");
            assertEquals(1000, value.length());
            assertTrue(value.endsWith("…"), value);
        } finally {
            asClinic(clinic)
                    .body(Map.of("reason", "test over"))
                    .post("/api/v1/sessions/" + session + "/abort")
                    .then()
                    .statusCode(200);
        }
    }

    private static RequestSpecification asClinic(String clinic) {
        return given().contentType(ContentType.JSON)
                .header(
                        "Authorization",
                        TestTokens.bearer(TestTokens.token(clinic, "sweep.nurse", "nurse", "physician", "admin")));
    }

    /** A session of that clinic whose dosing started at {@code start}, after the pre-dose blood pressure. */
    private static String dosingSessionOf(String clinic, Instant start) {
        String patient = asClinic(clinic)
                .body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Sweep Patient"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String session = asClinic(clinic)
                .body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        asClinic(clinic)
                .body(Map.of(
                        "measuredAt", start.minus(Duration.ofMinutes(5)).toString(), "systolic", 120, "diastolic", 80))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201);
        asClinic(clinic)
                .body(Map.of("at", start.toString()))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200);
        return session;
    }

    private static List<Object> flagsOf(String clinic, String session) {
        return asClinic(clinic)
                .get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** The clinic's count of sessions the sweep failed on, 0 before the first. */
    private static double sweepFailures(String clinic) {
        String text = Fixtures.metrics();
        Matcher line = Pattern.compile("(?m)^infusion_clock_sweep_failures_total\\{([^}]*)} (\\S+)$")
                .matcher(text);
        while (line.find()) {
            if (line.group(1).contains("clinic=\"" + clinic + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    @Test
    void concurrentSweepsRaiseEachGapOnce() throws Exception {
        Infusion iv = new Infusion();
        iv.clock.set(iv.at(25, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Integer> once = sweep::sweep;
            for (Future<Integer> run : pool.invokeAll(List.of(once, once, once, once))) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        sweep.sweep();

        assertEquals(1, iv.flags("SPO2_NOT_MONITORED").size());
        List<Map<String, Object>> flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        assertEquals(1, flags.get(0).get("occurrences"));
    }

    /**
     * Without the sweep's advisory lock: raises of one match in several transactions at once, the
     * later ones started while the first holds its row uncommitted, so that they wait for it and
     * decide on what it committed (as a second instance would if the lock were lost).
     */
    @Test
    void raisesOfOneGapInSeveralTransactionsAtOnceMakeOneFlagOrOneOccurrence() throws Exception {
        Infusion iv = new Infusion();
        RaisedBy by = RaisedBy.session(TestTokens.CLINIC, UUID.fromString(iv.session));
        RuleBook.ActiveRule cadence = rules.active(TestTokens.CLINIC, Trigger.CLOCK).stream()
                .filter(rule -> rule.code().equals(CADENCE))
                .findFirst()
                .orElseThrow();

        raiseAtOnce(new FlagService.Match(cadence, "gap A"), by, true);
        List<Map<String, Object>> flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        assertEquals(1, flags.get(0).get("occurrences"));

        raiseAtOnce(new FlagService.Match(cadence, "gap B"), by, true);
        flags = iv.flags(CADENCE);
        assertEquals(1, flags.size(), flags::toString);
        assertEquals(2, flags.get(0).get("occurrences"));
        assertEquals("gap B", flags.get(0).get("matchedValue"));

        acknowledge(flags.get(0).get("id"));
        raiseAtOnce(new FlagService.Match(cadence, "gap C"), by, true);
        flags = iv.flags(CADENCE);
        assertEquals(2, flags.size(), flags::toString);
        // Both flags were raised at the test clock's one instant, so their order is the ids': find C by its gap.
        Map<String, Object> gapC = flags.stream()
                .filter(f -> "gap C".equals(f.get("matchedValue")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no flag for gap C"));
        assertEquals(1, gapC.get("occurrences"), flags::toString);
        assertEquals("OPEN", gapC.get("status"), flags::toString);

        raiseAtOnce(new FlagService.Match(cadence, "gap B"), by, false);
        raiseAtOnce(new FlagService.Match(cadence, "gap C"), by, false);
        assertEquals(flags, iv.flags(CADENCE), "gaps already flagged, acknowledged or open: nothing");
    }

    /**
     * Raises the match in four transactions: the first holds its transaction open until the three
     * others wait for it ({@code expectWaits}), or for a moment when nothing makes them wait.
     */
    private void raiseAtOnce(FlagService.Match match, RaisedBy by, boolean expectWaits) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch firstRaised = new CountDownLatch(1);
            Future<Long> first =
                    pool.submit(() -> QuarkusTransaction.requiringNew().call(() -> {
                        flagService.raise(List.of(match), by);
                        firstRaised.countDown();
                        return waitForWaiters(expectWaits ? 3 : 0);
                    }));
            assertTrue(firstRaised.await(30, TimeUnit.SECONDS), "the first raise did not finish");
            List<Future<?>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(pool.submit(
                        () -> QuarkusTransaction.requiringNew().run(() -> flagService.raise(List.of(match), by))));
            }
            long waited = first.get(60, TimeUnit.SECONDS);
            for (Future<?> other : others) {
                other.get(60, TimeUnit.SECONDS);
            }
            if (expectWaits) {
                assertEquals(3, waited, "the other raises did not wait for the first");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * How many transactions wait for this one, directly or behind another waiter, once
     * {@code expected} do (or after 20 s; after 300 ms for 0). pg_locks is read live, where
     * pg_stat_activity would be the same snapshot all through this transaction.
     */
    private long waitForWaiters(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + (expected == 0 ? 300 : 20_000) * 1_000_000L;
        long waiting;
        do {
            waiting = sql.query("""
                            with recursive waiter (pid) as (
                                select pid from pg_locks where not granted and pg_backend_pid() = any(pg_blocking_pids(pid))
                                union
                                select l.pid from pg_locks l join waiter w on w.pid = any(pg_blocking_pids(l.pid))
                                where not l.granted
                            )
                            select count(*) from waiter
                            """, row -> row.getLong(1)).get(0);
            if (expected > 0 && waiting >= expected) {
                return waiting;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return waiting;
    }
}
