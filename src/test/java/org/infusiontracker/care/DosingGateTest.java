package org.infusiontracker.care;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.transition;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The dosing gate (a CRITICAL start-dosing rule refuses the start unless a physician overrides
 * with a reason) and stopping dosing early (a nurse's act; monitoring goes on).
 */
@QuarkusTest
class DosingGateTest {

    private static final String NURSE = TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "nurse.only", "nurse"));
    private static final String PHYSICIAN =
            TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "dr.gate", "physician"));

    /** A JSON request with the given bearer token. */
    private static RequestSpecification as(String bearer) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    private static String patientWith(List<String> contraindications, List<String> riskFactors) {
        Map<String, Object> body = new HashMap<>();
        body.put("mrn", Fixtures.newMrn());
        body.put("displayName", "Gate patient");
        body.put("weightKg", 70);
        body.put("contraindications", contraindications);
        body.put("riskFactors", riskFactors);
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A planned session of a patient with an aneurysm on file, and a fresh pre-dose blood pressure. */
    private static String aneurysmSession() {
        String session = Fixtures.session(patientWith(List.of("ANEURYSMAL_VASCULAR_DISEASE"), List.of()));
        Fixtures.preDoseBloodPressure(session, ago(10));
        return session;
    }

    private static void stillPlanned(String session) {
        given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .body("status", equalTo("PLANNED"))
                .body("version", equalTo(0))
                .body("dosingStartedAt", nullValue())
                .body("openFlags.ruleCode", not(hasItem("CONTRAINDICATION_ON_FILE")));
    }

    @Test
    void aContraindicationOnFileBlocksTheStartAndNothingChanges() {
        String session = aneurysmSession();
        transition(session, "start-dosing", Map.of("at", ago(5)))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/dosing-blocked"))
                .body("blockers.code", contains("CONTRAINDICATION_ON_FILE"))
                .body("blockers[0].severity", equalTo("CRITICAL"))
                .body("blockers[0].matchedValue", equalTo("ANEURYSMAL_VASCULAR_DISEASE"))
                .body("detail", equalTo("A contraindication is on file: dosing needs a physician's reasoned override"));
        stillPlanned(session);
    }

    @Test
    void aNurseCannotOverrideAndAnOverrideNeedsAReason() {
        String session = aneurysmSession();
        as(NURSE)
                .body(Map.of("override", true, "reason", "benefit outweighs the risk"))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(403);
        as(PHYSICIAN)
                .body(Map.of("override", true, "reason", "  "))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("reason"));
        stillPlanned(session);
    }

    @Test
    void aPhysicianDosesOverTheBlockersWithAReasonAndEachBlockerIsAFlag() {
        String session = aneurysmSession();
        as(PHYSICIAN)
                .body(Map.of(
                        "at", ago(5), "override", true, "reason", "Aneurysm repaired in 2019; cleared by cardiology"))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200)
                .body("status", equalTo("DOSING"))
                .body("dosingOverride", equalTo(true))
                .body("dosingOverrideReason", equalTo("Aneurysm repaired in 2019; cleared by cardiology"))
                .body("openFlags.find { it.ruleCode == 'CONTRAINDICATION_ON_FILE' }.severity", equalTo("CRITICAL"));
        given().queryParam("entity", "session")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("items.find { it.action == 'START_DOSING' }.actor", equalTo("dr.gate"))
                .body("items.find { it.action == 'START_DOSING' }.detail.override", equalTo(true))
                .body(
                        "items.find { it.action == 'START_DOSING' }.detail.blockers",
                        contains("CONTRAINDICATION_ON_FILE"));
    }

    @Test
    void anOverrideWithNothingBlockingIsNoOverride() {
        String session = Fixtures.session();
        Fixtures.preDoseBloodPressure(session, ago(10));
        as(PHYSICIAN)
                .body(Map.of("override", true, "reason", "habit"))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200)
                .body("dosingOverride", equalTo(false))
                .body("dosingOverrideReason", nullValue());
    }

    @Test
    void withoutAPreDoseBloodPressureAndAPrescriberDosingIsBlockedTwice() {
        Map<String, Object> body = Fixtures.sessionBody(Fixtures.patient());
        body.put("prescriberOnSite", false);
        String session = given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // A heart rate alone, and a blood pressure from 61 minutes before: neither counts.
        recordVitals(session, Map.of("measuredAt", ago(66), "systolic", 124, "diastolic", 82))
                .statusCode(201);
        recordVitals(session, Map.of("measuredAt", ago(10), "heartRate", 72)).statusCode(201);
        transition(session, "start-dosing", Map.of("at", ago(5)))
                .statusCode(409)
                .body("blockers.code", containsInAnyOrder("PREDOSE_BP_MISSING", "PRESCRIBER_OFF_SITE"))
                .body("detail", equalTo("2 criteria block dosing; a physician may override with a reason"));
        stillPlanned(session);
    }

    /**
     * The start-dosing rules see the latest pre-dose value of each vital sign as {@code reading},
     * and the baseline: a clinic of its own writes a gate rule that reads them.
     */
    @Test
    void theGateSeesThePreDoseReadings() {
        String clinic = "gate-" + UUID.randomUUID();
        String bearer = TestTokens.bearer(TestTokens.token(clinic, "gate.admin", "admin", "nurse", "physician"));
        Map<String, Object> rule = new HashMap<>();
        rule.put("table", "RISK");
        rule.put("row", "Heart problems");
        rule.put("severity", "CRITICAL");
        rule.put("trigger", "DOSING_START");
        rule.put("condition", "has(reading.heartRate) && reading.heartRate >= 120 && has(baseline.systolic)");
        rule.put("matchedValue", "string(reading.heartRate) + ' after ' + string(baseline.systolic)");
        rule.put("message", "Pre-dose heart rate 120 or more");
        rule.put("source", "test");
        rule.put("reason", "a gate rule that reads the pre-dose readings");
        as(bearer).body(rule).put("/api/v1/rules/PREDOSE_TACHYCARDIA").then().statusCode(201);
        Map<String, Object> patient = Map.of("mrn", Fixtures.newMrn(), "displayName", "Gate patient");
        String patientId = as(bearer)
                .body(patient)
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String session = as(bearer)
                .body(Fixtures.sessionBody(patientId))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (Map<String, Object> reading : List.of(
                Map.<String, Object>of("measuredAt", ago(20), "systolic", 131, "diastolic", 84, "heartRate", 88),
                Map.<String, Object>of("measuredAt", ago(10), "heartRate", 124))) {
            as(bearer)
                    .body(reading)
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(201);
        }
        as(bearer)
                .body(Map.of("at", ago(5)))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(409)
                .body("blockers.code", contains("PREDOSE_TACHYCARDIA"))
                .body("blockers[0].matchedValue", equalTo("124 after 131"));
    }

    @Test
    void aNurseStopsDosingEarlyWithAReasonAndKeepsRecording() {
        String session = Fixtures.dosingSession(20);
        as(NURSE)
                .body(Map.of("stoppedEarly", true))
                .post("/api/v1/sessions/" + session + "/end-dosing")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("reason"));
        as(NURSE)
                .body(Map.of("reason", "no reason to give"))
                .post("/api/v1/sessions/" + session + "/end-dosing")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("reason"));
        as(NURSE)
                .body(Map.of(
                        "at",
                        ago(2),
                        "stoppedEarly",
                        true,
                        "reason",
                        "BP 182/112, infusion stopped",
                        "administeredDoseMg",
                        20))
                .post("/api/v1/sessions/" + session + "/end-dosing")
                .then()
                .statusCode(200)
                .body("status", equalTo("OBSERVATION"))
                .body("dosingStoppedEarly", equalTo(true))
                .body("dosingStopReason", equalTo("BP 182/112, infusion stopped"));
        as(NURSE)
                .body(Map.of("systolic", 168, "diastolic", 101))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201);
    }

    @Test
    void anOrdinaryEndOfDosingIsNotStoppedEarly() {
        String session = Fixtures.dosingSession(45);
        transition(session, "end-dosing", Map.of("at", ago(5)))
                .statusCode(200)
                .body("dosingStoppedEarly", equalTo(false))
                .body("dosingStopReason", nullValue());
    }
}
