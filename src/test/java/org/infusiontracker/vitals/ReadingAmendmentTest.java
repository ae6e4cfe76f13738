package org.infusiontracker.vitals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.amend;
import static org.infusiontracker.Fixtures.readingCount;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Readings are corrected by a new version or retracted, never edited; the session sees the versions in force. */
@QuarkusTest
class ReadingAmendmentTest {

    private static final String REASON = "transcribed from the wrong monitor";

    private static ValidatableResponse amendReading(String id, Map<String, Object> body) {
        return amend("vitals", id, body);
    }

    private static ValidatableResponse history(String id) {
        return given().get("/api/v1/vitals/" + id + "/history").then();
    }

    /** The ids of every version but the fixture's retracted pre-dose reading. */
    private static final String TESTED_IDS =
            "findAll { it.retractionReason != '" + Fixtures.GATE_READING_RETRACTED + "' }.id";

    private static ValidatableResponse allVersions(String session) {
        return given().get("/api/v1/sessions/" + session + "/vitals?includeAmended=true")
                .then()
                .statusCode(200);
    }

    private static String reading(String session, Map<String, Object> body) {
        return recordVitals(session, body).statusCode(201).extract().path("id");
    }

    /** The reading is untouched: still in force, with no other version written. */
    private static void unchanged(String session, String id) {
        given().get("/api/v1/vitals/" + id).then().statusCode(200).body("status", equalTo("FINAL"));
        allVersions(session).body(TESTED_IDS, contains(id));
    }

    @Test
    void aCorrectionIsANewVersionWithAuthorAndReasonAndTheOldOneIsAmended() {
        String session = Fixtures.dosingSession(30);
        String measuredAt = ago(10);
        String old = reading(session, Map.of("measuredAt", measuredAt, "systolic", 120, "diastolic", 80));
        String corrected = amendReading(old, Map.of("systolic", 182, "diastolic", 104, "reason", REASON))
                .statusCode(201)
                .body("sessionId", equalTo(session))
                .body("supersedes", equalTo(old))
                .body("status", equalTo("FINAL"))
                .body("recordedBy", equalTo("test.user"))
                .body("amendmentReason", equalTo(REASON))
                .body("measuredAt", equalTo(measuredAt))
                .body("systolic", equalTo(182))
                .body("diastolic", equalTo(104))
                .body("flags.ruleCode", hasItem("BP_SEVERE"))
                .extract()
                .path("id");
        assertNotEquals(old, corrected);
        given().get("/api/v1/vitals/" + old)
                .then()
                .statusCode(200)
                .body("status", equalTo("AMENDED"))
                .body("systolic", equalTo(120))
                .body("supersedes", nullValue())
                .body("amendmentReason", nullValue());
        for (String id : new String[] {old, corrected}) {
            history(id)
                    .statusCode(200)
                    .body("id", contains(old, corrected))
                    .body("status", contains("AMENDED", "FINAL"))
                    .body("recordedBy", contains("test.user", "test.user"))
                    .body("amendmentReason", contains(null, REASON))
                    .body("systolic", contains(120, 182));
        }
    }

    @Test
    void theLocationOfACorrectionIsTheNewVersion() {
        String session = Fixtures.dosingSession(30);
        String old = reading(session, Map.of("spo2", 97));
        var answer = amendReading(old, Map.of("spo2", 93, "reason", REASON))
                .statusCode(201)
                .extract();
        assertEquals(
                "/api/v1/vitals/" + answer.path("id"),
                java.net.URI.create(answer.header("Location")).getPath());
        given().get(answer.header("Location")).then().statusCode(200).body("spo2", equalTo(93));
    }

    @Test
    void theSessionListAndLatestReadingShowOnlyTheVersionInForce() {
        String session = Fixtures.dosingSession(30);
        String earlier = reading(session, Map.of("measuredAt", ago(20), "heartRate", 80));
        String old = reading(session, Map.of("measuredAt", ago(10), "heartRate", 90));
        String corrected = amendReading(old, Map.of("heartRate", 95, "reason", REASON))
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(200)
                .body("id", contains(earlier, corrected));
        given().get("/api/v1/sessions/" + session + "/vitals?includeAmended=false")
                .then()
                .statusCode(200)
                .body("id", contains(earlier, corrected));
        allVersions(session).body(TESTED_IDS, contains(earlier, old, corrected));
        given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .body("latestReading.id", equalTo(corrected))
                .body("latestReading.heartRate", equalTo(95));
    }

    @Test
    void includeAmendedMustBeTrueOrFalse() {
        String session = Fixtures.dosingSession(30);
        given().get("/api/v1/sessions/" + session + "/vitals?includeAmended=yes")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("includeAmended"));
    }

    @Test
    void aRetractionMarksTheReadingEnteredInErrorAndWritesNothingNew() {
        String session = Fixtures.dosingSession(30);
        String kept = reading(session, Map.of("measuredAt", ago(20), "spo2", 97));
        String wrong = reading(session, Map.of("measuredAt", ago(10), "spo2", 88));
        amendReading(wrong, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200)
                .body("id", equalTo(wrong))
                .body("status", equalTo("ENTERED_IN_ERROR"))
                .body("retractionReason", equalTo("wrong patient"))
                .body("retractedBy", equalTo("test.user"))
                .body("retractedAt", notNullValue())
                .body("spo2", equalTo(88))
                .body("$", not(org.hamcrest.Matchers.hasKey("flags")));
        given().get("/api/v1/sessions/" + session + "/vitals").then().body("id", contains(kept));
        allVersions(session).body(TESTED_IDS, contains(kept, wrong));
        history(wrong).statusCode(200).body("id", contains(wrong)).body("status", contains("ENTERED_IN_ERROR"));
        given().get("/api/v1/sessions/" + session).then().body("latestReading.id", equalTo(kept));
    }

    @Test
    void aCorrectionThatIsRetractedKeepsTheReasonItWasWrittenWith() {
        String session = Fixtures.dosingSession(30);
        String old = reading(session, Map.of("heartRate", 80));
        String corrected = amendReading(old, Map.of("heartRate", 85, "reason", REASON))
                .statusCode(201)
                .extract()
                .path("id");
        amendReading(corrected, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200);
        history(old)
                .body("status", contains("AMENDED", "ENTERED_IN_ERROR"))
                .body("amendmentReason", contains(null, REASON))
                .body("retractionReason", contains(null, "wrong patient"));
        assertEquals(0, readingCount(session));
    }

    @Test
    void onlyTheVersionInForceCanBeAmended() {
        String session = Fixtures.dosingSession(30);
        String old = reading(session, Map.of("heartRate", 80));
        String corrected = amendReading(old, Map.of("heartRate", 85, "reason", REASON))
                .statusCode(201)
                .extract()
                .path("id");
        amendReading(old, Map.of("heartRate", 86, "reason", "again"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Already amended"));
        amendReading(old, Map.of("enteredInError", true, "reason", "again"))
                .statusCode(409)
                .body("title", equalTo("Already amended"));
        amendReading(corrected, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200);
        amendReading(corrected, Map.of("heartRate", 87, "reason", "again"))
                .statusCode(409)
                .body("title", equalTo("Already amended"));
        allVersions(session).body(TESTED_IDS, contains(old, corrected));
    }

    @Test
    void aCorrectionOfACorrectionLengthensTheHistory() {
        String session = Fixtures.dosingSession(30);
        String first = reading(session, Map.of("nausea", 2));
        String second = amendReading(first, Map.of("nausea", 3, "reason", "asked again"))
                .statusCode(201)
                .extract()
                .path("id");
        String third = amendReading(second, Map.of("nausea", 4, "reason", "patient clarified"))
                .statusCode(201)
                .extract()
                .path("id");
        history(second)
                .body("id", contains(first, second, third))
                .body("status", contains("AMENDED", "AMENDED", "FINAL"))
                .body("supersedes", contains(null, first, second))
                .body("nausea", contains(2, 3, 4));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"systolic\":130,\"diastolic\":85} | no reason",
                "{\"systolic\":130,\"diastolic\":85,\"reason\":\"  \"} | a blank reason",
                "{\"enteredInError\":true} | a retraction without reason",
            })
    void aReasonIsRequiredAndWithoutItNothingChanges(String json, String why) {
        String session = Fixtures.dosingSession(30);
        String id = reading(session, Map.of("systolic", 120, "diastolic", 80));
        given().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/vitals/" + id + "/amend")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("reason"));
        unchanged(session, id);
    }

    @Test
    void aReasonOverAThousandCharactersIsRefused() {
        String session = Fixtures.dosingSession(30);
        String id = reading(session, Map.of("spo2", 97));
        amendReading(id, Map.of("spo2", 96, "reason", "x".repeat(1001)))
                .statusCode(400)
                .body("violations.field", hasItem("reason"));
        unchanged(session, id);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"systolic\":301,\"diastolic\":80} | systolic | systolic above the impossible limit",
                "{\"spo2\":101} | spo2 | SpO2 over 100",
                "{\"temperatureC\":45.1} | temperatureC | temperature over 45",
                "{\"systolic\":110,\"diastolic\":130} | diastolic | diastolic above systolic",
                "{\"systolic\":120} | diastolic | systolic alone",
                "{} | reading | no value at all",
                "{\"spo2\":97.5} | spo2 | a fraction where a whole number belongs",
                "{\"spo2\":97,\"sp02\":97} | sp02 | an unknown field",
                "{\"spo2\":97,\"measuredAt\":\"2999-01-01T00:00:00Z\"} | measuredAt | a time in the future",
                "{\"spo2\":97,\"enteredInError\":true} | enteredInError | a retraction with values",
            })
    void impossibleAmendmentsAreRefusedAndNothingIsStored(String values, String field, String why) {
        String session = Fixtures.dosingSession(30);
        String id = reading(session, Map.of("systolic", 120, "diastolic", 80));
        String json = values.equals("{}") ? "{\"reason\":\"r\"}" : values.replaceFirst("\\{", "{\"reason\":\"r\",");
        given().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/vitals/" + id + "/amend")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        unchanged(session, id);
    }

    @Test
    void anUnknownReadingIs404() {
        String unknown = UUID.randomUUID().toString();
        amendReading(unknown, Map.of("spo2", 97, "reason", REASON))
                .statusCode(404)
                .contentType("application/problem+json");
        amendReading(unknown, Map.of("enteredInError", true, "reason", REASON)).statusCode(404);
        history(unknown).statusCode(404);
    }

    @Test
    void anotherClinicsReadingIsNotFoundAndAViewerMayNotAmend() {
        String session = Fixtures.dosingSession(30);
        String id = reading(session, Map.of("spo2", 97));
        String otherNurse = TestTokens.bearer(TestTokens.token("other-clinic", "other.nurse", "nurse"));
        given().header("Authorization", otherNurse)
                .contentType(ContentType.JSON)
                .body(Map.of("spo2", 96, "reason", REASON))
                .post("/api/v1/vitals/" + id + "/amend")
                .then()
                .statusCode(404);
        given().header("Authorization", otherNurse)
                .get("/api/v1/vitals/" + id + "/history")
                .then()
                .statusCode(404);
        String viewer = TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "a.viewer", "viewer"));
        given().header("Authorization", viewer)
                .contentType(ContentType.JSON)
                .body(Map.of("spo2", 96, "reason", REASON))
                .post("/api/v1/vitals/" + id + "/amend")
                .then()
                .statusCode(403);
        given().header("Authorization", viewer)
                .get("/api/v1/vitals/" + id + "/history")
                .then()
                .statusCode(200);
        unchanged(session, id);
    }

    @Test
    void aCorrectionAfterTheSessionClosedIsALateEntryUnlessMeasuredAfterTheClose() {
        String session = Fixtures.dosingSession(30);
        String measuredAt = ago(20);
        String id = reading(session, Map.of("measuredAt", measuredAt, "spo2", 97));
        transition(session, "abort", Map.of("at", ago(10), "reason", "patient request"))
                .statusCode(200);
        amendReading(id, Map.of("spo2", 95, "measuredAt", ago(5), "reason", REASON))
                .statusCode(409)
                .body("title", equalTo("Session closed"));
        unchanged(session, id);
        amendReading(id, Map.of("spo2", 95, "reason", REASON))
                .statusCode(201)
                .body("lateEntry", equalTo(true))
                .body("measuredAt", equalTo(measuredAt));
    }
}
