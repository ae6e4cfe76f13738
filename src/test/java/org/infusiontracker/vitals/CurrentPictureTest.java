package org.infusiontracker.vitals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.infusiontracker.Fixtures.amend;
import static org.infusiontracker.Fixtures.recordVitals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * NEWS2 of the current picture: a reading's {@code news2}, the {@code news2} the reading rules see
 * and the session's {@code currentNews2} score the latest value of each parameter measured within
 * {@code infusion.news2.window} (30 minutes) up to the reading's clinical time.
 */
@QuarkusTest
class CurrentPictureTest {

    private static final Duration WINDOW = Duration.ofMinutes(30);

    /** Respiration 24 (2 points) and SpO2 93 (2 points): 4, no NEWS2 alert alone. */
    private static final Map<String, Object> BREATHING = Map.of("respiratoryRate", 24, "spo2", 93);

    /** Pulse 115 (2 points) and systolic 100 (2 points): 4, no NEWS2 alert alone. */
    private static final Map<String, Object> CIRCULATION = Map.of("heartRate", 115, "systolic", 100, "diastolic", 60);

    private static Instant minutesAgo(int minutes) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(minutes));
    }

    private static ValidatableResponse record(String session, Instant measuredAt, Map<String, Object> values) {
        Map<String, Object> body = new HashMap<>(values);
        body.put("measuredAt", measuredAt.toString());
        return recordVitals(session, body).statusCode(201);
    }

    private static String id(ValidatableResponse recorded) {
        return recorded.extract().path("id");
    }

    private static ValidatableResponse reading(String id) {
        return given().get("/api/v1/vitals/" + id).then().statusCode(200);
    }

    /** The case: two partial readings five minutes apart score 4 each, and 8 together. */
    @Test
    void twoPartialReadingsScoreTogetherAndRaiseTheEmergency() {
        String session = Fixtures.dosingSession(60);
        record(session, minutesAgo(10), BREATHING)
                .body("news2.total", equalTo(4))
                .body("news2.parameters", equalTo(2))
                .body("flags.ruleCode", not(hasItem("NEWS2_URGENT")))
                .body("flags.ruleCode", not(hasItem("NEWS2_EMERGENCY")));
        record(session, minutesAgo(5), CIRCULATION)
                .body("news2.total", equalTo(8))
                .body("news2.parameters", equalTo(4))
                .body("news2.complete", equalTo(false))
                .body("flags.find { it.ruleCode == 'NEWS2_EMERGENCY' }.severity", equalTo("CRITICAL"))
                .body("flags.find { it.ruleCode == 'NEWS2_EMERGENCY' }.matchedValue", equalTo("NEWS2 8"));
    }

    @Test
    void readingsTenMinutesApartScoreTogether() {
        String session = Fixtures.dosingSession(60);
        record(session, minutesAgo(20), Map.of("respiratoryRate", 21));
        record(session, minutesAgo(10), Map.of("spo2", 92, "heartRate", 91))
                .body("news2.total", equalTo(5))
                .body("news2.parameters", equalTo(3))
                .body("flags.ruleCode", hasItem("NEWS2_URGENT"));
    }

    /** A value measured exactly the window before a reading counts; one second older does not. */
    @Test
    void theWindowHoldsAValueMeasuredExactlyThatLongBeforeAndNotOneSecondMore() {
        Instant now = minutesAgo(1);

        String inside = Fixtures.dosingSession(60);
        record(inside, now.minus(WINDOW), BREATHING);
        record(inside, now, CIRCULATION)
                .body("news2.total", equalTo(8))
                .body("flags.ruleCode", hasItem("NEWS2_EMERGENCY"));

        String outside = Fixtures.dosingSession(60);
        record(outside, now.minus(WINDOW).minusSeconds(1), BREATHING);
        record(outside, now, CIRCULATION)
                .body("news2.total", equalTo(4))
                .body("news2.parameters", equalTo(2))
                .body("flags.ruleCode", not(hasItem("NEWS2_EMERGENCY")));
    }

    /** The patient's picture is the patient's: a value measured before dosing started counts. */
    @Test
    void aValueMeasuredBeforeDosingCounts() {
        String session = Fixtures.session();
        record(session, minutesAgo(20), BREATHING);
        Fixtures.startDosing(session, Map.of("at", minutesAgo(15).toString())).statusCode(200);
        record(session, minutesAgo(10), CIRCULATION)
                .body("news2.total", equalTo(8))
                .body("flags.ruleCode", hasItem("NEWS2_EMERGENCY"));
    }

    /**
     * The picture as of a reading holds what was measured up to it, whenever it was entered: a
     * reading measured later is not in it, a late entry measured earlier is, and a retraction takes
     * its values out again.
     */
    @Test
    void eachReadingScoresWhatWasMeasuredUpToIt() {
        String session = Fixtures.dosingSession(60);
        String circulation = id(record(session, minutesAgo(10), CIRCULATION));
        record(session, minutesAgo(5), BREATHING).body("news2.total", equalTo(8));
        reading(circulation).body("news2.total", equalTo(4)).body("news2.parameters", equalTo(2));

        String late = id(record(session, minutesAgo(15), Map.of("temperatureC", 39.5))
                .body("news2.total", equalTo(2))
                .body("news2.parameters", equalTo(1)));
        reading(circulation).body("news2.total", equalTo(6)).body("news2.parameters", equalTo(3));
        given().get("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(200)
                .body("news2.total", equalTo(List.of(2, 6, 10)))
                .body("news2.parameters", equalTo(List.of(1, 3, 5)));

        amend("vitals", late, Map.of("enteredInError", true, "reason", "another patient's thermometer"))
                .statusCode(200)
                .body("news2.total", equalTo(2));
        reading(circulation).body("news2.total", equalTo(4));
        given().get("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(200)
                .body("news2.total", equalTo(List.of(4, 8)));
    }

    /**
     * A correction is scored with the readings in force; the version it replaced keeps its own
     * values over the readings before it, the picture it was part of.
     */
    @Test
    void aCorrectedReadingAndItsOldVersionEachScoreTheirOwnPicture() {
        String session = Fixtures.dosingSession(60);
        String first = id(record(session, minutesAgo(10), BREATHING));
        String later = id(record(session, minutesAgo(5), CIRCULATION).body("news2.total", equalTo(8)));
        String corrected = amend(
                        "vitals", first, Map.of("respiratoryRate", 14, "spo2", 98, "reason", "probe on a cold finger"))
                .statusCode(201)
                .body("news2.total", equalTo(0))
                .body("news2.parameters", equalTo(2))
                .extract()
                .path("id");
        reading(later).body("news2.total", equalTo(4)).body("news2.parameters", equalTo(4));
        given().get("/api/v1/vitals/" + corrected + "/history")
                .then()
                .statusCode(200)
                .body("status", equalTo(List.of("AMENDED", "FINAL")))
                .body("news2.total", equalTo(List.of(4, 0)));
        given().queryParam("includeAmended", true)
                .get("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(200)
                .body(
                        "findAll { it.retractionReason != '" + Fixtures.GATE_READING_RETRACTED + "' }.id",
                        equalTo(List.of(first, corrected, later)))
                .body(
                        "findAll { it.retractionReason != '" + Fixtures.GATE_READING_RETRACTED + "' }.news2.total",
                        equalTo(List.of(4, 0, 4)));
    }

    /** A backtest replays each reading with the NEWS2 of its picture, as the live service judged it. */
    @Test
    void aBacktestReplaysTheNews2OfThePicture() {
        // A window of its own, far in the past, so that no other test's data falls in it.
        Instant start = Instant.parse("2001-01-01T00:00:00Z")
                .plus(ThreadLocalRandom.current().nextLong(0, 20L * 365 * 24 * 60), ChronoUnit.MINUTES);
        String session = Fixtures.session();
        Fixtures.startDosing(session, Map.of("at", start.toString())).statusCode(200);
        record(session, start.plus(Duration.ofMinutes(5)), BREATHING);
        record(session, start.plus(Duration.ofMinutes(10)), CIRCULATION)
                .body("flags.ruleCode", hasItem("NEWS2_EMERGENCY"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "condition",
                        "news2.parameters == 4",
                        "from",
                        start.toString(),
                        "to",
                        start.plus(Duration.ofHours(1)).toString()))
                .post("/api/v1/rules/NEWS2_EMERGENCY/backtest")
                .then()
                .statusCode(200)
                .body("evaluated", equalTo(2))
                .body("current.matches", equalTo(1))
                .body("candidate.matches", equalTo(1));
    }

    @Test
    void theSessionShowsTheCurrentNews2WhileAReadingIsInTheWindow() {
        String session = Fixtures.dosingSession(60);
        record(session, minutesAgo(10), BREATHING);
        record(session, minutesAgo(5), CIRCULATION);
        given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .body("currentNews2.total", equalTo(8))
                .body("currentNews2.parameters", equalTo(4))
                .body("currentNews2.complete", equalTo(false))
                .body("latestReading.news2.total", equalTo(8));

        String quiet = Fixtures.dosingSession(60);
        record(quiet, minutesAgo(31), BREATHING);
        given().get("/api/v1/sessions/" + quiet)
                .then()
                .statusCode(200)
                .body("latestReading.news2.total", equalTo(4))
                .body("currentNews2", nullValue());
    }
}
