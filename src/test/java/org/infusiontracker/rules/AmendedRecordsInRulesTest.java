package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.amend;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.startDosing;
import static org.infusiontracker.Fixtures.transition;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/** The rules see a session's versions in force only: baseline, unresolved events and backtest replays. */
@QuarkusTest
class AmendedRecordsInRulesTest {

    private static String reading(String session, Map<String, Object> body) {
        return recordVitals(session, body).statusCode(201).extract().path("id");
    }

    /** A session with two pre-dose readings, 100/60 then 130/80; dosing started an hour ago. Returns {session, first}. */
    private static String[] sessionWithTwoPreDoseReadings() {
        String session = Fixtures.session();
        String first = reading(session, Map.of("measuredAt", ago(70), "systolic", 100, "diastolic", 60));
        reading(session, Map.of("measuredAt", ago(65), "systolic", 130, "diastolic", 80));
        startDosing(session, Map.of("at", ago(60))).statusCode(200);
        return new String[] {session, first};
    }

    @Test
    void aRetractedBaselineIsNoLongerTheBaselineForTheSessionOrTheRules() {
        String[] set = sessionWithTwoPreDoseReadings();
        String session = set[0];
        String first = set[1];
        given().get("/api/v1/sessions/" + session).then().body("baseline.id", equalTo(first));
        // 145/85 is 45 mmHg above the first reading: a rise over the baseline.
        recordVitals(session, Map.of("measuredAt", ago(20), "systolic", 145, "diastolic", 85))
                .statusCode(201)
                .body("flags.ruleCode", hasItem("BP_RISE"));

        amend("vitals", first, Map.of("enteredInError", true, "reason", "cuff on the wrong arm"))
                .statusCode(200);

        given().get("/api/v1/sessions/" + session)
                .then()
                .body("baseline.systolic", equalTo(130))
                .body("baseline.status", equalTo("FINAL"));
        recordVitals(session, Map.of("measuredAt", ago(10), "systolic", 145, "diastolic", 85))
                .statusCode(201)
                .body("flags.ruleCode", not(hasItem("BP_RISE")));
    }

    @Test
    void aCorrectedBaselineIsReplacedByItsNewVersion() {
        String[] set = sessionWithTwoPreDoseReadings();
        String corrected = amend("vitals", set[1], Map.of("systolic", 110, "diastolic", 70, "reason", "misread"))
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/v1/sessions/" + set[0])
                .then()
                .body("baseline.id", equalTo(corrected))
                .body("baseline.systolic", equalTo(110));
    }

    @Test
    void aRetractedOrCorrectedEventNoLongerBlocksDischarge() {
        String session = Fixtures.dosingSession(150);
        transition(session, "end-dosing", Map.of("at", ago(110))).statusCode(200);
        for (String how : new String[] {"retraction", "correction"}) {
            String event = given().contentType(ContentType.JSON)
                    .body(Map.of("type", "COGNITIVE", "grade", 1))
                    .post("/api/v1/sessions/" + session + "/adverse-events")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            given().get("/api/v1/sessions/" + session)
                    .then()
                    .body("dischargeReadiness.blockers.code", hasItem("DISCHARGE_COGNITION"));
            Map<String, Object> body = how.equals("retraction")
                    ? Map.of("enteredInError", true, "reason", "charted for the wrong patient")
                    : Map.of("type", "NAUSEA", "grade", 1, "reason", "nausea, not confusion");
            amend("adverse-events", event, body).statusCode(how.equals("retraction") ? 200 : 201);
            given().get("/api/v1/sessions/" + session)
                    .then()
                    .body("dischargeReadiness.blockers.code", not(hasItem("DISCHARGE_COGNITION")));
        }
    }

    @Test
    void aBacktestReplaysOnlyTheVersionsInForce() {
        // A window of its own, far in the past, so that no other test's data falls in it.
        Instant start = Instant.parse("2001-01-01T00:00:00Z")
                .plus(ThreadLocalRandom.current().nextLong(0, 20L * 365 * 24 * 60), ChronoUnit.MINUTES);
        String session = Fixtures.session();
        startDosing(session, Map.of("at", start.toString())).statusCode(200);
        String misread = reading(
                session, Map.of("measuredAt", start.plus(Duration.ofMinutes(1)).toString(), "spo2", 90));
        String wrongPatient = reading(
                session, Map.of("measuredAt", start.plus(Duration.ofMinutes(2)).toString(), "spo2", 89));
        reading(session, Map.of("measuredAt", start.plus(Duration.ofMinutes(3)).toString(), "spo2", 97));
        amend("vitals", misread, Map.of("spo2", 96, "reason", "probe slipped")).statusCode(201);
        amend("vitals", wrongPatient, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200);

        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "condition",
                        "has(reading.spo2) && reading.spo2 <= 94",
                        "from",
                        start.toString(),
                        "to",
                        start.plus(Duration.ofHours(1)).toString()))
                .post("/api/v1/rules/SPO2_LOW/backtest")
                .then()
                .statusCode(200)
                .body("evaluated", equalTo(2))
                .body("current.matches", equalTo(0))
                .body("candidate.matches", equalTo(0));
    }
}
