package org.infusiontracker.adverse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.infusiontracker.Fixtures.adverseEventCount;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.amend;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adverse events are corrected by a new version or retracted, never edited; the session sees the versions in force. */
@QuarkusTest
class AdverseEventAmendmentTest {

    private static final String REASON = "graded against the wrong scale";

    private static ValidatableResponse amendEvent(String id, Map<String, Object> body) {
        return amend("adverse-events", id, body);
    }

    private static ValidatableResponse history(String id) {
        return given().get("/api/v1/adverse-events/" + id + "/history").then();
    }

    private static ValidatableResponse allVersions(String session) {
        return given().get("/api/v1/sessions/" + session + "/adverse-events?includeAmended=true")
                .then()
                .statusCode(200);
    }

    private static String event(String session, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void unchanged(String session, String id) {
        given().get("/api/v1/adverse-events/" + id).then().statusCode(200).body("status", equalTo("FINAL"));
        allVersions(session).body("id", contains(id));
    }

    @Test
    void aCorrectionIsANewVersionWhoseFlagsComeBackAndTheOldOneIsAmended() {
        String session = Fixtures.dosingSession(30);
        String onset = ago(10);
        String old =
                event(session, Map.of("type", "NAUSEA", "grade", 2, "onsetAt", onset, "actionTaken", "ondansetron"));
        String corrected = amendEvent(
                        old,
                        Map.of(
                                "type",
                                "HYPERTENSION",
                                "grade",
                                4,
                                "serious",
                                true,
                                "description",
                                "headache, chest tightness",
                                "reason",
                                REASON))
                .statusCode(201)
                .body("supersedes", equalTo(old))
                .body("status", equalTo("FINAL"))
                .body("recordedBy", equalTo("test.user"))
                .body("amendmentReason", equalTo(REASON))
                .body("onsetAt", equalTo(onset))
                .body("type", equalTo("HYPERTENSION"))
                .body("actionTaken", nullValue())
                .body("flags.ruleCode", hasItem("HYPERTENSIVE_CRISIS"))
                .extract()
                .path("id");
        given().get("/api/v1/adverse-events/" + old)
                .then()
                .body("status", equalTo("AMENDED"))
                .body("type", equalTo("NAUSEA"));
        history(corrected)
                .statusCode(200)
                .body("id", contains(old, corrected))
                .body("status", contains("AMENDED", "FINAL"))
                .body("recordedBy", contains("test.user", "test.user"))
                .body("amendmentReason", contains(null, REASON));
        given().get("/api/v1/sessions/" + session + "/adverse-events").then().body("id", contains(corrected));
        allVersions(session).body("id", contains(old, corrected));
    }

    @Test
    void aCorrectionKeepsTheOutcomeOfAResolvedEvent() {
        String session = Fixtures.dosingSession(60);
        String old = event(session, Map.of("type", "DIZZINESS", "grade", 1, "onsetAt", ago(30)));
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "RESOLVED", "note", "steady", "at", ago(10)))
                .post("/api/v1/adverse-events/" + old + "/resolve")
                .then()
                .statusCode(200);
        amendEvent(old, Map.of("type", "DIZZINESS", "grade", 2, "onsetAt", ago(5), "reason", REASON))
                .statusCode(400)
                .body("violations.field", hasItem("onsetAt"));
        unchanged(session, old);
        amendEvent(old, Map.of("type", "DIZZINESS", "grade", 2, "reason", REASON))
                .statusCode(201)
                .body("outcome", equalTo("RESOLVED"))
                .body("resolutionNote", equalTo("steady"))
                .body("resolvedAt", notNullValue());
    }

    @Test
    void aRetractionMarksTheEventEnteredInErrorAndItCannotBeResolvedOrAmended() {
        String session = Fixtures.dosingSession(30);
        String kept = event(session, Map.of("type", "NAUSEA", "grade", 1, "onsetAt", ago(20)));
        String wrong = event(session, Map.of("type", "VOMITING", "grade", 2, "onsetAt", ago(10)));
        amendEvent(wrong, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200)
                .body("status", equalTo("ENTERED_IN_ERROR"))
                .body("retractionReason", equalTo("wrong patient"))
                .body("retractedBy", equalTo("test.user"));
        given().get("/api/v1/sessions/" + session + "/adverse-events").then().body("id", contains(kept));
        history(wrong).body("id", contains(wrong));
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "RESOLVED"))
                .post("/api/v1/adverse-events/" + wrong + "/resolve")
                .then()
                .statusCode(409)
                .body("title", equalTo("Already amended"));
        amendEvent(wrong, Map.of("type", "VOMITING", "grade", 1, "reason", REASON))
                .statusCode(409)
                .body("title", equalTo("Already amended"));
        assertEquals(1, adverseEventCount(session));
    }

    @Test
    void anAmendedVersionCannotBeAmendedOrResolved() {
        String session = Fixtures.dosingSession(30);
        String old = event(session, Map.of("type", "NAUSEA", "grade", 1));
        amendEvent(old, Map.of("type", "NAUSEA", "grade", 2, "reason", REASON)).statusCode(201);
        amendEvent(old, Map.of("type", "NAUSEA", "grade", 3, "reason", REASON))
                .statusCode(409)
                .body("title", equalTo("Already amended"));
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "RESOLVED"))
                .post("/api/v1/adverse-events/" + old + "/resolve")
                .then()
                .statusCode(409);
        assertEquals(2, allVersions(session).extract().jsonPath().getList("$").size());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"NAUSEA\",\"grade\":2} | reason | no reason",
                "{\"type\":\"NAUSEA\",\"grade\":2,\"reason\":\"\"} | reason | an empty reason",
                "{\"enteredInError\":true} | reason | a retraction without reason",
                "{\"type\":\"NAUSEA\",\"grade\":6,\"reason\":\"r\"} | grade | grade above 5",
                "{\"type\":\"NAUSEA\",\"reason\":\"r\"} | grade | no grade",
                "{\"grade\":2,\"reason\":\"r\"} | type | no type",
                "{\"type\":\"SNEEZING\",\"grade\":2,\"reason\":\"r\"} | type | an unknown type",
                "{\"type\":\"NAUSEA\",\"grade\":2,\"onsetAt\":\"2999-01-01T00:00:00Z\",\"reason\":\"r\"} | onsetAt | an onset in the future",
                "{\"type\":\"NAUSEA\",\"grade\":2,\"enteredInError\":true,\"reason\":\"r\"} | enteredInError | a retraction with values",
            })
    void invalidAmendmentsAreRefusedAndNothingChanges(String json, String field, String why) {
        String session = Fixtures.dosingSession(30);
        String id = event(session, Map.of("type", "NAUSEA", "grade", 1));
        given().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/adverse-events/" + id + "/amend")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        unchanged(session, id);
    }

    @Test
    void anUnknownEventIs404() {
        String unknown = UUID.randomUUID().toString();
        amendEvent(unknown, Map.of("type", "NAUSEA", "grade", 1, "reason", REASON))
                .statusCode(404)
                .contentType("application/problem+json");
        amendEvent(unknown, Map.of("enteredInError", true, "reason", REASON)).statusCode(404);
        history(unknown).statusCode(404);
    }

    @Test
    void aCorrectionOnsetAfterTheSessionClosedIsAConflict() {
        String session = Fixtures.dosingSession(30);
        String id = event(session, Map.of("type", "NAUSEA", "grade", 1, "onsetAt", ago(20)));
        transition(session, "abort", Map.of("at", ago(10), "reason", "patient request"))
                .statusCode(200);
        amendEvent(id, Map.of("type", "NAUSEA", "grade", 2, "onsetAt", ago(5), "reason", REASON))
                .statusCode(409)
                .body("title", equalTo("Session closed"));
        unchanged(session, id);
        amendEvent(id, Map.of("type", "NAUSEA", "grade", 2, "reason", REASON))
                .statusCode(201)
                .body("lateEntry", equalTo(true));
    }
}
