package org.infusiontracker.outcomes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Outcome assessments: scored and banded as the instruments define them (docs/outcomes.md), refused (400 naming the field)
 * for a wrong count, an answer out of range or an unknown instrument, read as a course with
 * response and remission; PHQ-9 item 9 above 0 raises PHQ9_ITEM9 on the session named, else on
 * the patient.
 */
@QuarkusTest
class AssessmentTest {

    static ValidatableResponse record(
            String patient, String instrument, List<Integer> answers, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(more);
        body.put("instrument", instrument);
        body.put("answers", answers);
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/patients/" + patient + "/assessments")
                .then();
    }

    /** A PHQ-9 with this total, item 9 at {@code item9}. */
    static List<Integer> phq9(int total, int item9) {
        Integer[] items = new Integer[9];
        int left = total - item9;
        for (int i = 0; i < 8; i++) {
            items[i] = Math.min(3, left);
            left -= items[i];
        }
        items[8] = item9;
        return List.of(items);
    }

    static String daysAgo(int days) {
        return OffsetDateTime.now(ZoneOffset.UTC)
                .minusDays(days)
                .truncatedTo(ChronoUnit.MICROS)
                .toString();
    }

    @Test
    void phq9IsScoredAndBandedAndItem9ZeroRaisesNothing() {
        String patient = Fixtures.patient();
        record(patient, "PHQ9", List.of(3, 3, 3, 2, 2, 2, 2, 2, 0), Map.of())
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/assessments/"))
                .body("total", equalTo(19))
                .body("band", equalTo("MODERATELY_SEVERE"))
                .body("patientId", equalTo(patient))
                .body("sessionId", nullValue())
                .body("flags", empty());
    }

    @Test
    void bandsAtTheirEdges() {
        String patient = Fixtures.patient();
        Map<Integer, String> phq9 = Map.of(
                4,
                "MINIMAL",
                5,
                "MILD",
                9,
                "MILD",
                10,
                "MODERATE",
                14,
                "MODERATE",
                15,
                "MODERATELY_SEVERE",
                20,
                "SEVERE",
                27,
                "SEVERE");
        phq9.forEach((total, band) -> record(patient, "PHQ9", phq9(total, 0), Map.of())
                .statusCode(201)
                .body("band", equalTo(band)));
        record(patient, "GAD7", List.of(3, 3, 3, 3, 3, 0, 0), Map.of())
                .statusCode(201)
                .body("total", equalTo(15))
                .body("band", equalTo("SEVERE"));
        record(patient, "GAD7", List.of(3, 3, 3, 3, 2, 0, 0), Map.of())
                .statusCode(201)
                .body("band", equalTo("MODERATE"));
        List<Integer> pcl32 = new java.util.ArrayList<>(java.util.Collections.nCopies(20, 0));
        for (int i = 0; i < 8; i++) {
            pcl32.set(i, 4);
        }
        record(patient, "PCL5", pcl32, Map.of())
                .statusCode(201)
                .body("total", equalTo(32))
                .body("band", equalTo("BELOW_THRESHOLD"));
        pcl32.set(8, 1);
        record(patient, "PCL5", pcl32, Map.of())
                .statusCode(201)
                .body("total", equalTo(33))
                .body("band", equalTo("PROBABLE_PTSD"));
    }

    @Test
    void wrongCountOutOfRangeAndUnknownInstrumentAre400NamingTheField() {
        String patient = Fixtures.patient();
        record(patient, "PHQ9", List.of(1, 1, 1, 1, 1, 1, 1, 1), Map.of())
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains("answers"));
        record(patient, "PHQ9", List.of(1, 1, 1, 4, 1, 1, 1, 1, 1), Map.of())
                .statusCode(400)
                .body("violations.field", contains("answers[3]"));
        record(patient, "GAD7", List.of(1, 1, 1, 1, 1, 1, -1), Map.of())
                .statusCode(400)
                .body("violations.field", contains("answers[6]"));
        record(patient, "PCL5", java.util.Collections.nCopies(20, 5), Map.of()).statusCode(400);
        record(patient, "BDI", List.of(1), Map.of()).statusCode(400).body("violations.field", contains("instrument"));
        record(
                        patient,
                        "PHQ9",
                        phq9(10, 0),
                        Map.of("completedAt", OffsetDateTime.now().plusDays(1).toString()))
                .statusCode(400)
                .body("violations.field", contains("completedAt"));
        given().get("/api/v1/patients/" + patient + "/assessments")
                .then()
                .statusCode(400)
                .body("violations.field", contains("instrument"));
    }

    @Test
    void unknownPatientOrSessionIs404AndAnotherPatientsSessionIs400() {
        record("00000000-0000-0000-0000-000000000001", "PHQ9", phq9(10, 0), Map.of())
                .statusCode(404);
        String patient = Fixtures.patient();
        record(patient, "PHQ9", phq9(10, 0), Map.of("sessionId", "00000000-0000-0000-0000-000000000002"))
                .statusCode(404);
        String other = Fixtures.session();
        record(patient, "PHQ9", phq9(10, 0), Map.of("sessionId", other))
                .statusCode(400)
                .body("violations.field", contains("sessionId"));
    }

    @Test
    void item9AboveZeroRaisesTheCriticalFlagOnThePatientWithoutASession() {
        String patient = Fixtures.patient();
        String flag = record(patient, "PHQ9", phq9(12, 1), Map.of())
                .statusCode(201)
                .body("flags.ruleCode", contains("PHQ9_ITEM9"))
                .body("flags[0].severity", equalTo("CRITICAL"))
                .body("flags[0].sessionId", nullValue())
                .body("flags[0].patientId", equalTo(patient))
                .body("flags[0].matchedValue", equalTo("PHQ-9 item 9 = 1"))
                .extract()
                .path("flags[0].id");
        // A second one while the flag is open counts an occurrence on it.
        record(patient, "PHQ9", phq9(14, 2), Map.of())
                .statusCode(201)
                .body("flags[0].id", equalTo(flag))
                .body("flags[0].occurrences", equalTo(2));
        given().get("/api/v1/flags?status=OPEN&severity=CRITICAL&size=200")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(flag));
        given().contentType(ContentType.JSON)
                .body(Map.of("note", "called the patient; safety plan reviewed"))
                .post("/api/v1/flags/" + flag + "/acknowledge")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
    }

    @Test
    void item9AboveZeroFlagsTheSessionNamed() {
        String session = Fixtures.session();
        String patient =
                given().get("/api/v1/sessions/" + session).then().extract().path("patientId");
        record(patient, "PHQ9", phq9(20, 3), Map.of("sessionId", session))
                .statusCode(201)
                .body("sessionId", equalTo(session))
                .body("flags[0].ruleCode", equalTo("PHQ9_ITEM9"))
                .body("flags[0].sessionId", equalTo(session))
                .body("flags[0].patientId", nullValue());
        given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .body("ruleCode", hasItem("PHQ9_ITEM9"));
    }

    @Test
    void aCourseFrom20To8IsAResponseTheDayItHappens() {
        String patient = Fixtures.patient();
        int[] totals = {20, 18, 15, 13, 10, 8};
        String respondedOn = null;
        for (int i = 0; i < totals.length; i++) {
            String at = daysAgo(12 - 2 * i);
            record(patient, "PHQ9", phq9(totals[i], 0), Map.of("completedAt", at))
                    .statusCode(201);
            if (totals[i] * 2 <= totals[0] && respondedOn == null) {
                respondedOn = at;
            }
        }
        var course = given().get("/api/v1/patients/" + patient + "/assessments?instrument=PHQ9")
                .then()
                .statusCode(200)
                .body("instrument", equalTo("PHQ9"))
                .body("baseline.total", equalTo(20))
                .body("latest.total", equalTo(8))
                .body("items.total", contains(20, 18, 15, 13, 10, 8))
                .body("change", equalTo(-12))
                .body("response", equalTo(true))
                .body("remission", equalTo(false))
                .body("remittedAt", nullValue())
                .extract();
        assertEquals(
                OffsetDateTime.parse(respondedOn).toInstant(),
                OffsetDateTime.parse(course.<String>path("respondedAt")).toInstant());
        // Remission: under 5.
        record(patient, "PHQ9", phq9(4, 0), Map.of()).statusCode(201);
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=PHQ9")
                .then()
                .body("remission", equalTo(true))
                .body("change", equalTo(-16));
        // Another instrument's course is its own, and empty.
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=GAD7")
                .then()
                .statusCode(200)
                .body("items", empty())
                .body("baseline", nullValue())
                .body("response", equalTo(false));
    }

    @Test
    void justAboveHalfIsNoResponseAndPcl5CountsADropOfTen() {
        String patient = Fixtures.patient();
        record(patient, "PHQ9", phq9(20, 0), Map.of("completedAt", daysAgo(3))).statusCode(201);
        record(patient, "PHQ9", phq9(11, 0), Map.of()).statusCode(201);
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=PHQ9")
                .then()
                .body("response", equalTo(false));
        List<Integer> pcl = new java.util.ArrayList<>(java.util.Collections.nCopies(20, 2));
        record(patient, "PCL5", pcl, Map.of("completedAt", daysAgo(3))).statusCode(201);
        pcl.set(0, 0);
        pcl.set(1, 0);
        pcl.set(2, 0);
        pcl.set(3, 0);
        pcl.set(4, 1);
        record(patient, "PCL5", pcl, Map.of()).statusCode(201).body("total", equalTo(31));
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=PCL5")
                .then()
                .body("change", equalTo(-9))
                .body("response", equalTo(false))
                .body("remission", nullValue());
        pcl.set(5, 1);
        record(patient, "PCL5", pcl, Map.of()).statusCode(201);
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=PCL5")
                .then()
                .body("change", equalTo(-10))
                .body("response", equalTo(true));
    }

    @Test
    void aCorrectionIsANewVersionWithAReasonAndIsRuledOnAgain() {
        String patient = Fixtures.patient();
        String first = record(patient, "PHQ9", phq9(10, 0), Map.of())
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("answers", phq9(10, 0)))
                .post("/api/v1/assessments/" + first + "/amend")
                .then()
                .statusCode(400)
                .body("violations.field", contains("reason"));
        String second = given().contentType(ContentType.JSON)
                .body(Map.of("answers", phq9(11, 1), "reason", "item 9 was misread from the paper form"))
                .post("/api/v1/assessments/" + first + "/amend")
                .then()
                .statusCode(201)
                .body("supersedes", equalTo(first))
                .body("total", equalTo(11))
                .body("amendmentReason", equalTo("item 9 was misread from the paper form"))
                .body("flags.ruleCode", contains("PHQ9_ITEM9"))
                .extract()
                .path("id");
        given().get("/api/v1/assessments/" + first).then().statusCode(200).body("status", equalTo("AMENDED"));
        given().contentType(ContentType.JSON)
                .body(Map.of("answers", phq9(12, 0), "reason", "again"))
                .post("/api/v1/assessments/" + first + "/amend")
                .then()
                .statusCode(409);
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=PHQ9")
                .then()
                .body("items.id", contains(second));
        given().contentType(ContentType.JSON)
                .body(Map.of("enteredInError", true, "reason", "wrong patient"))
                .post("/api/v1/assessments/" + second + "/amend")
                .then()
                .statusCode(200)
                .body("status", equalTo("ENTERED_IN_ERROR"));
        given().get("/api/v1/patients/" + patient + "/assessments?instrument=PHQ9")
                .then()
                .body("items", empty());
    }

    @Test
    void anotherClinicSeesNeitherThePatientsCourseNorTheAssessment() {
        String patient = Fixtures.patient();
        String id = record(patient, "PHQ9", phq9(10, 0), Map.of())
                .statusCode(201)
                .extract()
                .path("id");
        String other = TestTokens.bearer(TestTokens.token("other-clinic", "o.user", "nurse", "physician"));
        given().header("Authorization", other)
                .get("/api/v1/patients/" + patient + "/assessments?instrument=PHQ9")
                .then()
                .statusCode(404);
        given().header("Authorization", other)
                .get("/api/v1/assessments/" + id)
                .then()
                .statusCode(404);
        given().header("Authorization", other)
                .contentType(ContentType.JSON)
                .body(Map.of("instrument", "PHQ9", "answers", phq9(10, 0)))
                .post("/api/v1/patients/" + patient + "/assessments")
                .then()
                .statusCode(404);
    }

    @Test
    void phq9Item9IsBacktestable() {
        String clinic = "bt-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader(
                        "Authorization",
                        TestTokens.bearer(TestTokens.token(clinic, "bt.user", "nurse", "physician", "admin")))
                .build();
        try {
            String patient = Fixtures.patient();
            record(patient, "PHQ9", phq9(10, 1), Map.of()).statusCode(201);
            record(patient, "PHQ9", phq9(10, 2), Map.of()).statusCode(201);
            record(patient, "PHQ9", phq9(10, 0), Map.of()).statusCode(201);
            given().contentType(ContentType.JSON)
                    .body(Map.of("condition", "assessment.instrument == 'PHQ9' && assessment.answers[8] > 1"))
                    .post("/api/v1/rules/PHQ9_ITEM9/backtest")
                    .then()
                    .statusCode(200)
                    .body("trigger", equalTo("ASSESSMENT"))
                    .body("complete", equalTo(true))
                    .body("evaluated", equalTo(3))
                    .body("current.matches", equalTo(2))
                    .body("candidate.matches", equalTo(1));
        } finally {
            io.restassured.RestAssured.requestSpecification = null;
        }
    }
}
