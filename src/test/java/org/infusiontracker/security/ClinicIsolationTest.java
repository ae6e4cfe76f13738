package org.infusiontracker.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Another clinic sees nothing of ours: every id answers 404, exactly as an id that does not
 * exist, and no list shows our rows. Records are made in the test clinic, then asked for with a
 * token of another clinic that holds every role.
 */
@QuarkusTest
class ClinicIsolationTest {

    static String patient;
    static String mrn;
    static String session;
    static String reading;
    static String event;
    static String flag;
    static String rule;

    @BeforeEach
    void ourRecords() {
        mrn = Fixtures.newMrn();
        patient = given().contentType(ContentType.JSON)
                .body(Map.of("mrn", mrn, "displayName", "Ours"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        session = Fixtures.session(patient);
        Fixtures.startDosing(session, Map.of("at", Fixtures.ago(30))).statusCode(200);
        reading = Fixtures.recordVitals(session, Map.of("spo2", 93))
                .statusCode(201)
                .extract()
                .path("id");
        flag = given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .extract()
                .path("[0].id");
        event = given().contentType(ContentType.JSON)
                .body(Map.of("type", "NAUSEA", "grade", 1))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        rule = "TEST_OURS_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> body = new HashMap<>(Map.of(
                "table",
                "RISK",
                "row",
                "Heart problems",
                "severity",
                "INFO",
                "trigger",
                "READING",
                "condition",
                "false",
                "message",
                "ours",
                "source",
                "test",
                "reason",
                "isolation test"));
        body.put("enabled", false);
        given().contentType(ContentType.JSON)
                .body(body)
                .put("/api/v1/rules/" + rule)
                .then()
                .statusCode(201);
    }

    static RequestSpecification otherClinic() {
        return given().header(
                        "Authorization",
                        TestTokens.bearer(
                                TestTokens.token("other-clinic", "intruder", "viewer", "nurse", "physician", "admin")));
    }

    static Stream<Arguments> byId() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/patients/%patient", null),
                Arguments.of("GET", "/api/v1/sessions/%session", null),
                Arguments.of("GET", "/api/v1/sessions/%session/vitals", null),
                Arguments.of("GET", "/api/v1/sessions/%session/adverse-events", null),
                Arguments.of("GET", "/api/v1/sessions/%session/flags", null),
                Arguments.of("GET", "/api/v1/sessions/%session/fhir", null),
                Arguments.of("GET", "/api/v1/patients/%patient/fhir", null),
                Arguments.of("GET", "/api/v1/vitals/%reading", null),
                Arguments.of("GET", "/api/v1/adverse-events/%event", null),
                Arguments.of("GET", "/api/v1/rules/%rule", null),
                Arguments.of("GET", "/api/v1/vitals/%reading/history", null),
                Arguments.of("GET", "/api/v1/adverse-events/%event/history", null),
                Arguments.of("POST", "/api/v1/vitals/%reading/amend", Map.of("spo2", 96, "reason", "not ours")),
                Arguments.of(
                        "POST",
                        "/api/v1/adverse-events/%event/amend",
                        Map.of("type", "NAUSEA", "grade", 2, "reason", "not ours")),
                Arguments.of("POST", "/api/v1/sessions/%session/vitals", Map.of("spo2", 97)),
                Arguments.of("POST", "/api/v1/sessions/%session/adverse-events", Map.of("type", "NAUSEA", "grade", 1)),
                Arguments.of("POST", "/api/v1/sessions/%session/end-dosing", Map.of()),
                Arguments.of("POST", "/api/v1/sessions/%session/abort", Map.of("reason", "not ours")),
                Arguments.of("POST", "/api/v1/adverse-events/%event/resolve", Map.of("outcome", "RESOLVED")),
                Arguments.of("POST", "/api/v1/flags/%flag/acknowledge", Map.of("note", "not ours")),
                Arguments.of("POST", "/api/v1/rules/%rule/backtest", Map.of("condition", "true")),
                Arguments.of(
                        "POST",
                        "/api/v1/sessions",
                        Map.of(
                                "patientId",
                                "%patient",
                                "drug",
                                "KETAMINE",
                                "route",
                                "IV",
                                "indication",
                                "TRD",
                                "prescriberOnSite",
                                true)));
    }

    private static String fill(String template) {
        return template.replace("%patient", patient)
                .replace("%session", session)
                .replace("%reading", reading)
                .replace("%event", event)
                .replace("%flag", flag)
                .replace("%rule", rule);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("byId")
    void anotherClinicsIdsAreNotFound(String method, String path, Map<String, Object> body) {
        var request = otherClinic();
        if (body != null) {
            Map<String, Object> filled = new HashMap<>();
            body.forEach((k, v) -> filled.put(k, v instanceof String text ? fill(text) : v));
            request = request.contentType(ContentType.JSON).body(filled);
        }
        request.request(method, fill(path)).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ourRecordsAreUntouchedByTheAttempts() {
        anotherClinicsIdsAreNotFound("POST", "/api/v1/sessions/%session/abort", Map.of("reason", "not ours"));
        given().get("/api/v1/sessions/" + session).then().body("status", equalTo("DOSING"));
        given().get("/api/v1/sessions/" + session + "/vitals").then().body("size()", equalTo(1));
        given().get("/api/v1/flags/").then().statusCode(200);
    }

    @Test
    void listsNeverShowAnotherClinicsRows() {
        otherClinic()
                .queryParam("mrn", mrn)
                .get("/api/v1/patients")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        otherClinic()
                .queryParam("patientId", patient)
                .get("/api/v1/sessions")
                .then()
                .body("total", equalTo(0));
        otherClinic().queryParam("size", 200).get("/api/v1/sessions").then().body("items.id", not(hasItem(session)));
        otherClinic().queryParam("size", 200).get("/api/v1/flags").then().body("items.id", not(hasItem(flag)));
        otherClinic()
                .get("/api/v1/rules")
                .then()
                .body("code", not(hasItem(rule)))
                .body("code", hasItem("BP_SEVERE"));
        otherClinic()
                .queryParam("entity", "session")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .body("total", equalTo(0));
        given().queryParam("entity", "session")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .body("items.action", hasItem("CREATE"));
    }

    @Test
    void aClinicsRuleEditLeavesOtherClinicsRulesAlone() {
        otherClinic()
                .contentType(ContentType.JSON)
                .body(Map.of("condition", "has(reading.spo2) && reading.spo2 <= 90", "reason", "their protocol"))
                .put("/api/v1/rules/SPO2_CRITICAL")
                .then()
                .statusCode(200)
                .body("clinic", equalTo("other-clinic"));
        given().get("/api/v1/rules/SPO2_CRITICAL")
                .then()
                .body("current.version", equalTo(1))
                .body("current.clinic", equalTo(null));
        otherClinic()
                .contentType(ContentType.JSON)
                .body(Map.of("condition", "has(reading.spo2) && reading.spo2 <= 91", "reason", "back to the default"))
                .put("/api/v1/rules/SPO2_CRITICAL")
                .then()
                .statusCode(200);
    }
}
