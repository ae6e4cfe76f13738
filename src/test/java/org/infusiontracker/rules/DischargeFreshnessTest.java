package org.infusiontracker.rules;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.transition;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Discharge on fresh values: the discharge rules see only values measured since dosing started and
 * at most {@code infusion.discharge.freshness} (30 minutes) before the discharge time, and each
 * criterion that was not measured in that time is a blocker of its own. Discharges are given an
 * explicit time, so the edges are exact to the second.
 */
@QuarkusTest
class DischargeFreshnessTest {

    private static final Duration FRESHNESS = Duration.ofMinutes(30);

    /** Values that clear every discharge criterion. */
    /** A discharge time in the recent past, to the second, so that readings up to it are not in the future. */
    private static Instant dischargeTime() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
    }

    /** A session whose dosing started {@code minutes} before {@code at} and lasted 40 minutes (or less). */
    private static String observed(Instant at, int minutes) {
        String id = Fixtures.session();
        Instant start = at.minus(Duration.ofMinutes(minutes));
        Fixtures.startDosing(id, Map.of("at", start.toString())).statusCode(200);
        Instant end = start.plus(Duration.ofMinutes(Math.min(40, minutes / 2)));
        transition(id, "end-dosing", Map.of("at", end.toString())).statusCode(200);
        return id;
    }

    private static void record(String session, Instant measuredAt, Map<String, Object> values) {
        Map<String, Object> body = new HashMap<>(values);
        body.put("measuredAt", measuredAt.toString());
        recordVitals(session, body).statusCode(201);
    }

    private static Map<String, Object> without(Map<String, Object> values, List<String> fields) {
        Map<String, Object> left = new HashMap<>(values);
        fields.forEach(left::remove);
        return left;
    }

    private static void ready(String session, Instant at) {
        transition(session, "discharge", Map.of("at", at.toString()))
                .statusCode(200)
                .body("status", equalTo("DISCHARGED"))
                .body("dischargeOverride", equalTo(false));
    }

    private static void blocked(String session, Instant at, String code, String matchedValue) {
        transition(session, "discharge", Map.of("at", at.toString()))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("blockers.code", equalTo(List.of(code)))
                .body("blockers[0].severity", equalTo("WARNING"))
                .body("blockers[0].matchedValue", equalTo(matchedValue));
    }

    @Test
    void freshValuesAreReady() {
        Instant at = dischargeTime();
        String id = observed(at, 130);
        record(id, at.minus(Duration.ofMinutes(10)), Fixtures.NORMAL_VITALS);
        ready(id, at);
    }

    /**
     * The case: 150/95 at 40 minutes used to clear the blood-pressure criterion at 120
     * minutes, and so did no pressure at all for 80 minutes. Now the pressure is not fresh.
     */
    @Test
    void aBloodPressureTakenAt40MinutesDoesNotClearADischargeAt120() {
        Instant at = dischargeTime();
        String id = observed(at, 120);
        Instant start = at.minus(Duration.ofMinutes(120));
        record(id, start.plus(Duration.ofMinutes(40)), Map.of("systolic", 150, "diastolic", 95));
        record(id, at.minus(Duration.ofMinutes(5)), without(Fixtures.NORMAL_VITALS, List.of("systolic", "diastolic")));
        blocked(id, at, "DISCHARGE_BP_NOT_FRESH", "last 80 min ago");
    }

    /** Each criterion that must be measured before the patient leaves, its fields and its blocker. */
    static Stream<Arguments> criteria() {
        return Stream.of(
                Arguments.of("DISCHARGE_BP_NOT_FRESH", List.of("systolic", "diastolic")),
                Arguments.of("DISCHARGE_SPO2_NOT_FRESH", List.of("spo2")),
                Arguments.of("DISCHARGE_MOAAS_NOT_FRESH", List.of("sedationMoaas")),
                Arguments.of("DISCHARGE_CADSS_NOT_FRESH", List.of("dissociationCadss")));
    }

    private static Map<String, Object> only(List<String> fields) {
        Map<String, Object> values = new HashMap<>();
        fields.forEach(f -> values.put(f, Fixtures.NORMAL_VITALS.get(f)));
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("criteria")
    void aValueMeasuredExactlyTheFreshnessAgoCountsOneSecondOlderDoesNot(String code, List<String> fields) {
        Instant at = dischargeTime();
        String counts = observed(at, 130);
        record(counts, at.minus(Duration.ofMinutes(5)), without(Fixtures.NORMAL_VITALS, fields));
        record(counts, at.minus(FRESHNESS), only(fields));
        ready(counts, at);

        String stale = observed(at, 130);
        record(stale, at.minus(Duration.ofMinutes(5)), without(Fixtures.NORMAL_VITALS, fields));
        record(stale, at.minus(FRESHNESS).minusSeconds(1), only(fields));
        blocked(stale, at, code, "last 30 min ago");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("criteria")
    void aCriterionNeverMeasuredIsItsBlockerAlone(String code, List<String> fields) {
        Instant at = dischargeTime();
        String id = observed(at, 130);
        record(id, at.minus(Duration.ofMinutes(5)), without(Fixtures.NORMAL_VITALS, fields));
        blocked(id, at, code, "none since dosing started");
    }

    @Test
    void aValueMeasuredBeforeDosingStartedIsNotFreshForDischarge() {
        Instant at = dischargeTime();
        String id = Fixtures.session();
        record(id, at.minus(Duration.ofMinutes(25)), Map.of("systolic", 122, "diastolic", 78));
        transition(
                        id,
                        "start-dosing",
                        Map.of("at", at.minus(Duration.ofMinutes(20)).toString()))
                .statusCode(200);
        transition(
                        id,
                        "end-dosing",
                        Map.of("at", at.minus(Duration.ofMinutes(10)).toString()))
                .statusCode(200);
        record(id, at.minus(Duration.ofMinutes(5)), without(Fixtures.NORMAL_VITALS, List.of("systolic", "diastolic")));
        transition(id, "discharge", Map.of("at", at.toString()))
                .statusCode(409)
                .body("blockers.code", containsInAnyOrder("DISCHARGE_MIN_OBSERVATION", "DISCHARGE_BP_NOT_FRESH"))
                .body(
                        "blockers.find { it.code == 'DISCHARGE_BP_NOT_FRESH' }.matchedValue",
                        equalTo("none since dosing started"));
    }

    @Test
    void aStaleAbnormalValueBlocksAsNotFreshNotAsItsValue() {
        Instant at = dischargeTime();
        String id = observed(at, 130);
        record(id, at.minus(Duration.ofMinutes(40)), Map.of("sedationMoaas", 3));
        Fixtures.acknowledgeOpenFlags(id);
        record(id, at.minus(Duration.ofMinutes(5)), without(Fixtures.NORMAL_VITALS, List.of("sedationMoaas")));
        blocked(id, at, "DISCHARGE_MOAAS_NOT_FRESH", "last 40 min ago");
    }
}
