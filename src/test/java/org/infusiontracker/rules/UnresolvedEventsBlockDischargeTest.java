package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * An adverse event that must be resolved before discharge (serious, grade 3 or more, or of type
 * SEDATION, RESPIRATORY, CARDIAC, HYPERTENSION, PSYCHOSIS or SUICIDAL_IDEATION) blocks it while it
 * has no outcome: acknowledging its flag does not clear it, resolving the event does. The session
 * view, the board and the discharge itself all see it.
 */
@QuarkusTest
class UnresolvedEventsBlockDischargeTest {

    private static final String RULE = "DISCHARGE_UNRESOLVED_EVENT";

    /** Dosing started 130 minutes ago and lasted 40; normal readings before and just now: ready but for events. */
    private static String observedSession() {
        Map<String, Object> normal = new HashMap<>(Fixtures.NORMAL_VITALS);
        String id = Fixtures.session();
        normal.put("measuredAt", ago(135));
        recordVitals(id, normal).statusCode(201);
        transition(id, "start-dosing", Map.of("at", ago(130))).statusCode(200);
        transition(id, "end-dosing", Map.of("at", ago(90))).statusCode(200);
        normal.put("measuredAt", ago(2));
        recordVitals(id, normal).statusCode(201);
        return id;
    }

    /** Records the event 30 minutes ago and acknowledges every flag it raised; answers its id. */
    private static String acknowledgedEvent(String session, String type, int grade, boolean serious) {
        JsonPath recorded = given().contentType(ContentType.JSON)
                .body(Map.of("type", type, "grade", grade, "serious", serious, "onsetAt", ago(30)))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        for (String flag : recorded.getList("flags.id", String.class)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("note", "seen, patient reviewed"))
                    .post("/api/v1/flags/" + flag + "/acknowledge")
                    .then()
                    .statusCode(200);
        }
        return recorded.getString("id");
    }

    private static List<String> blockers(String session) {
        return given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("dischargeReadiness.blockers.code", String.class);
    }

    private static List<String> boardBlockers(String session) {
        return given().get("/api/v1/board")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList(
                        "sessions.find { it.sessionId == '" + session + "' }.dischargeReadiness.blockers.code",
                        String.class);
    }

    private static void dischargeBlocked(String session) {
        transition(session, "discharge", Map.of())
                .statusCode(409)
                .contentType("application/problem+json")
                .body("blockers.code", equalTo(List.of(RULE)));
        given().get("/api/v1/sessions/" + session).then().body("status", equalTo("OBSERVATION"));
    }

    @Test
    void anAcknowledgedRespiratoryEventBlocksUntilItIsResolved() {
        String session = observedSession();
        String event = acknowledgedEvent(session, "RESPIRATORY", 1, false);

        assertEquals(List.of(RULE), blockers(session));
        assertEquals(List.of(RULE), boardBlockers(session));
        given().get("/api/v1/sessions/" + session)
                .then()
                .body("dischargeReadiness.blockers[0].severity", equalTo("CRITICAL"))
                .body("dischargeReadiness.blockers[0].matchedValue", equalTo("RESPIRATORY grade 1"));
        dischargeBlocked(session);

        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "RESOLVED", "note", "SpO2 98 % on air"))
                .post("/api/v1/adverse-events/" + event + "/resolve")
                .then()
                .statusCode(200);

        assertEquals(List.of(), blockers(session));
        assertEquals(List.of(), boardBlockers(session));
        transition(session, "discharge", Map.of()).statusCode(200).body("status", equalTo("DISCHARGED"));
    }

    @Test
    void aGrade2DizzinessDoesNotBlock() {
        String session = observedSession();
        acknowledgedEvent(session, "DIZZINESS", 2, false);

        assertEquals(List.of(), blockers(session));
        transition(session, "discharge", Map.of()).statusCode(200);
    }

    @Test
    void aSeriousGrade1OtherEventBlocks() {
        String session = observedSession();
        acknowledgedEvent(session, "OTHER", 1, true);

        given().get("/api/v1/sessions/" + session)
                .then()
                .body("dischargeReadiness.blockers.code", equalTo(List.of(RULE)))
                .body("dischargeReadiness.blockers[0].matchedValue", equalTo("OTHER grade 1 (serious)"));
        dischargeBlocked(session);
    }

    @Test
    void aGrade3SuicidalIdeationBlocks() {
        String session = observedSession();
        acknowledgedEvent(session, "SUICIDAL_IDEATION", 3, false);

        dischargeBlocked(session);
    }

    @Test
    void theBlockerListsEveryEventThatBlocks() {
        String session = observedSession();
        acknowledgedEvent(session, "CARDIAC", 2, false);
        acknowledgedEvent(session, "NAUSEA", 1, false);
        acknowledgedEvent(session, "PSYCHOSIS", 1, false);

        given().get("/api/v1/sessions/" + session)
                .then()
                .body("dischargeReadiness.blockers[0].matchedValue", equalTo("CARDIAC grade 2, PSYCHOSIS grade 1"));
    }

    @Test
    void aRetractedEventDoesNotBlock() {
        String session = observedSession();
        String event = acknowledgedEvent(session, "RESPIRATORY", 2, false);
        assertEquals(List.of(RULE), blockers(session));

        Fixtures.amend("adverse-events", event, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200);

        assertEquals(List.of(), blockers(session));
        transition(session, "discharge", Map.of()).statusCode(200);
    }

    @Test
    void aCorrectionBelowTheThresholdNoLongerBlocks() {
        String session = observedSession();
        String event = acknowledgedEvent(session, "DIZZINESS", 3, false);
        assertEquals(List.of(RULE), blockers(session));

        Fixtures.amend(
                        "adverse-events",
                        event,
                        Map.of("type", "DIZZINESS", "grade", 2, "reason", "regraded: steady with help"))
                .statusCode(201);
        given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .body("findAll { it.status == 'OPEN' }.ruleCode", hasItem("DIZZINESS_G2"));
        for (String flag : given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .extract()
                .jsonPath()
                .getList("findAll { it.status == 'OPEN' }.id", String.class)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("note", "seen"))
                    .post("/api/v1/flags/" + flag + "/acknowledge")
                    .then()
                    .statusCode(200);
        }

        assertEquals(List.of(), blockers(session));
    }
}
