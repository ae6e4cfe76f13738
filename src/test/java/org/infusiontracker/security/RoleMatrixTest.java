package org.infusiontracker.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.ledger.LedgerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint against every role: the roles allowed get past security (an answer that is
 * neither 401 nor 403), the others get 403. Each case builds its records with the default token.
 */
@QuarkusTest
class RoleMatrixTest {

    static final List<String> ROLES = List.of(Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN, Roles.ADMIN);
    static final Set<String> READ = Set.of(Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN);
    static final Set<String> WRITE = Set.of(Roles.NURSE, Roles.PHYSICIAN);
    static final Set<String> ALL = Set.copyOf(ROLES);

    /** One endpoint: how to make the request (built fresh for each role) and who may make it. */
    record Endpoint(String name, Set<String> allowed, Supplier<Request> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Request(String method, String path, Object body) {}

    static final String CONTAINERS = "/api/v1/controlled-substances/containers";

    static Map<String, Object> reading() {
        return Map.of("systolic", 120, "diastolic", 80);
    }

    static String flagOf(String session) {
        return Fixtures.recordVitals(session, Map.of("spo2", 93))
                .statusCode(201)
                .extract()
                .path("flags.find { it.ruleCode == 'SPO2_LOW' }.id");
    }

    static String event(String session) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("type", "NAUSEA", "grade", 1))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String reading(String session) {
        return Fixtures.recordVitals(session, reading())
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> testRule() {
        Map<String, Object> body = new HashMap<>();
        body.put("table", "RISK");
        body.put("row", "Heart problems");
        body.put("severity", "INFO");
        body.put("trigger", "READING");
        body.put("condition", "false");
        body.put("message", "role test");
        body.put("source", "test");
        body.put("enabled", false);
        body.put("reason", "role test");
        return body;
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint(
                        "POST /patients",
                        WRITE,
                        () -> new Request(
                                "POST", "/api/v1/patients", Map.of("mrn", Fixtures.newMrn(), "displayName", "R"))),
                new Endpoint(
                        "GET /patients/{id}",
                        READ,
                        () -> new Request("GET", "/api/v1/patients/" + Fixtures.patient(), null)),
                new Endpoint("GET /patients", READ, () -> new Request("GET", "/api/v1/patients?mrn=x", null)),
                new Endpoint(
                        "POST /sessions",
                        WRITE,
                        () -> new Request("POST", "/api/v1/sessions", Fixtures.sessionBody(Fixtures.patient()))),
                new Endpoint(
                        "GET /sessions/{id}",
                        READ,
                        () -> new Request("GET", "/api/v1/sessions/" + Fixtures.session(), null)),
                new Endpoint("GET /sessions", READ, () -> new Request("GET", "/api/v1/sessions", null)),
                new Endpoint(
                        "POST start-dosing",
                        WRITE,
                        () -> new Request(
                                "POST", "/api/v1/sessions/" + Fixtures.session() + "/start-dosing", Map.of())),
                new Endpoint(
                        "POST end-dosing",
                        WRITE,
                        () -> new Request(
                                "POST", "/api/v1/sessions/" + Fixtures.dosingSession(40) + "/end-dosing", Map.of())),
                new Endpoint("POST discharge", WRITE, () -> {
                    String s = Fixtures.dosingSession(160);
                    Fixtures.transition(s, "end-dosing", Map.of("at", Fixtures.ago(120)))
                            .statusCode(200);
                    return new Request("POST", "/api/v1/sessions/" + s + "/discharge", Map.of());
                }),
                new Endpoint(
                        "POST abort",
                        Set.of(Roles.PHYSICIAN),
                        () -> new Request(
                                "POST",
                                "/api/v1/sessions/" + Fixtures.session() + "/abort",
                                Map.of("reason", "role test"))),
                new Endpoint(
                        "POST vitals",
                        WRITE,
                        () -> new Request(
                                "POST", "/api/v1/sessions/" + Fixtures.dosingSession(10) + "/vitals", reading())),
                new Endpoint(
                        "GET vitals",
                        READ,
                        () -> new Request("GET", "/api/v1/sessions/" + Fixtures.session() + "/vitals", null)),
                new Endpoint(
                        "GET /vitals/{id}",
                        READ,
                        () -> new Request("GET", "/api/v1/vitals/" + reading(Fixtures.dosingSession(10)), null)),
                new Endpoint(
                        "POST /vitals/{id}/amend",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/vitals/" + reading(Fixtures.dosingSession(10)) + "/amend",
                                Map.of("systolic", 122, "diastolic", 80, "reason", "transcription error"))),
                new Endpoint(
                        "GET /vitals/{id}/history",
                        READ,
                        () -> new Request(
                                "GET", "/api/v1/vitals/" + reading(Fixtures.dosingSession(10)) + "/history", null)),
                new Endpoint(
                        "POST /adverse-events/{id}/amend",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/adverse-events/" + event(Fixtures.dosingSession(10)) + "/amend",
                                Map.of("type", "NAUSEA", "grade", 2, "reason", "regraded"))),
                new Endpoint(
                        "GET /adverse-events/{id}/history",
                        READ,
                        () -> new Request(
                                "GET",
                                "/api/v1/adverse-events/" + event(Fixtures.dosingSession(10)) + "/history",
                                null)),
                new Endpoint("GET /board", READ, () -> new Request("GET", "/api/v1/board", null)),
                new Endpoint(
                        "GET rems-form",
                        READ,
                        () -> new Request(
                                "GET", "/api/v1/sessions/" + Fixtures.esketamineSession() + "/rems-form", null)),
                new Endpoint(
                        "POST rems-form/submit",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/sessions/" + Fixtures.esketamineSession() + "/rems-form/submit",
                                Map.of("note", "role test"))),
                new Endpoint("GET /rems-forms", READ, () -> new Request("GET", "/api/v1/rems-forms", null)),
                new Endpoint(
                        "GET /sessions/{id}/fhir",
                        READ,
                        () -> new Request("GET", "/api/v1/sessions/" + Fixtures.session() + "/fhir", null)),
                new Endpoint(
                        "GET /patients/{id}/fhir",
                        READ,
                        () -> new Request("GET", "/api/v1/patients/" + Fixtures.patient() + "/fhir", null)),
                new Endpoint(
                        "POST /controlled-substances/containers",
                        WRITE,
                        () -> new Request("POST", CONTAINERS, LedgerTest.ketamineVial())),
                new Endpoint(
                        "GET /controlled-substances/containers", WRITE, () -> new Request("GET", CONTAINERS, null)),
                new Endpoint(
                        "GET /controlled-substances/containers/{id}",
                        WRITE,
                        () -> new Request("GET", CONTAINERS + "/" + LedgerTest.container(), null)),
                new Endpoint(
                        "POST /controlled-substances/containers/{id}/entries",
                        WRITE,
                        () -> new Request(
                                "POST",
                                CONTAINERS + "/" + LedgerTest.container() + "/entries",
                                Map.of("kind", "ADMINISTERED", "amountMg", 1, "sessionId", Fixtures.session()))),
                new Endpoint(
                        "GET /controlled-substances/log",
                        WRITE,
                        () -> new Request("GET", "/api/v1/controlled-substances/log", null)),
                new Endpoint(
                        "GET /controlled-substances/reconciliation",
                        WRITE,
                        () -> new Request(
                                "GET", "/api/v1/controlled-substances/reconciliation?from=" + Fixtures.ago(60), null)),
                new Endpoint(
                        "POST adverse-events",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/sessions/" + Fixtures.dosingSession(10) + "/adverse-events",
                                Map.of("type", "NAUSEA", "grade", 1))),
                new Endpoint(
                        "GET adverse-events",
                        READ,
                        () -> new Request("GET", "/api/v1/sessions/" + Fixtures.session() + "/adverse-events", null)),
                new Endpoint(
                        "GET /adverse-events/{id}",
                        READ,
                        () -> new Request("GET", "/api/v1/adverse-events/" + event(Fixtures.dosingSession(10)), null)),
                new Endpoint(
                        "POST resolve",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/adverse-events/" + event(Fixtures.dosingSession(10)) + "/resolve",
                                Map.of("outcome", "RESOLVED"))),
                new Endpoint(
                        "GET session flags",
                        READ,
                        () -> new Request("GET", "/api/v1/sessions/" + Fixtures.session() + "/flags", null)),
                new Endpoint("GET /flags", READ, () -> new Request("GET", "/api/v1/flags", null)),
                new Endpoint(
                        "POST acknowledge (WARNING)",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/flags/" + flagOf(Fixtures.dosingSession(10)) + "/acknowledge",
                                Map.of("note", "seen"))),
                new Endpoint("GET /rules", ALL, () -> new Request("GET", "/api/v1/rules", null)),
                new Endpoint("GET /rules/{code}", ALL, () -> new Request("GET", "/api/v1/rules/BP_SEVERE", null)),
                new Endpoint(
                        "PUT /rules/{code}",
                        Set.of(Roles.ADMIN),
                        () -> new Request(
                                "PUT",
                                "/api/v1/rules/TEST_ROLE_"
                                        + UUID.randomUUID()
                                                .toString()
                                                .substring(0, 8)
                                                .toUpperCase(),
                                testRule())),
                new Endpoint(
                        "POST backtest",
                        Set.of(Roles.ADMIN),
                        () -> new Request("POST", "/api/v1/rules/SPO2_LOW/backtest", Map.of("condition", "false"))),
                new Endpoint(
                        "GET /audit",
                        Set.of(Roles.PHYSICIAN, Roles.ADMIN),
                        () -> new Request("GET", "/api/v1/audit", null)),
                new Endpoint(
                        "POST assessments",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/patients/" + Fixtures.patient() + "/assessments",
                                Map.of("instrument", "GAD7", "answers", List.of(1, 1, 1, 1, 1, 1, 1)))),
                new Endpoint(
                        "GET assessments (course)",
                        READ,
                        () -> new Request(
                                "GET",
                                "/api/v1/patients/" + Fixtures.patient() + "/assessments?instrument=GAD7",
                                null)),
                new Endpoint(
                        "GET /assessments/{id}",
                        READ,
                        () -> new Request("GET", "/api/v1/assessments/" + assessment(), null)),
                new Endpoint(
                        "POST assessment amend",
                        WRITE,
                        () -> new Request(
                                "POST",
                                "/api/v1/assessments/" + assessment() + "/amend",
                                Map.of("enteredInError", true, "reason", "role test"))),
                new Endpoint(
                        "PUT /webhooks/{name}",
                        Set.of(Roles.ADMIN),
                        () -> new Request(
                                "PUT",
                                "/api/v1/webhooks/role-test",
                                Map.of(
                                        "url",
                                        "http://127.0.0.1:9/hook",
                                        "secret",
                                        "a-secret-of-the-role-test",
                                        "events",
                                        List.of("flag.escalated")))),
                new Endpoint(
                        "GET /webhooks/{name}",
                        Set.of(Roles.ADMIN),
                        () -> new Request("GET", "/api/v1/webhooks/x", null)),
                new Endpoint(
                        "GET webhook deliveries",
                        Set.of(Roles.ADMIN),
                        () -> new Request("GET", "/api/v1/webhooks/x/deliveries", null)),
                new Endpoint("GET /monitors", READ, () -> new Request("GET", "/api/v1/monitors", null)),
                new Endpoint("GET /monitors/{id}", READ, () -> new Request("GET", "/api/v1/monitors/x", null)),
                new Endpoint(
                        "PUT /monitors/{id}",
                        WRITE,
                        () -> new Request("PUT", "/api/v1/monitors/ROLE-TEST", Map.of("chair", "role test"))),
                new Endpoint("DELETE /monitors/{id}", WRITE, () -> new Request("DELETE", "/api/v1/monitors/x", null)));
    }

    static String assessment() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("instrument", "GAD7", "answers", List.of(1, 1, 1, 1, 1, 1, 1)))
                .post("/api/v1/patients/" + Fixtures.patient() + "/assessments")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        endpoints().forEach(e -> ROLES.forEach(role -> cases.add(Arguments.of(e, role))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void eachRoleGetsWhatItMay(Endpoint endpoint, String role) {
        Request request = endpoint.request().get();
        var spec = given().header(
                        "Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "role." + role, role)));
        if (request.body() != null) {
            spec = spec.contentType(ContentType.JSON).body(request.body());
        }
        int status =
                spec.request(request.method(), request.path()).then().extract().statusCode();
        if (endpoint.allowed().contains(role)) {
            assertTrue(
                    status != 401 && status != 403 && status < 500, endpoint + " as " + role + " answered " + status);
        } else {
            assertEquals(403, status, endpoint + " as " + role);
        }
    }

    @Test
    void onlyAPhysicianOverridesADischarge() {
        String s = Fixtures.dosingSession(60);
        Fixtures.transition(s, "end-dosing", Map.of()).statusCode(200);
        given().header("Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "nurse.n", Roles.NURSE)))
                .contentType(ContentType.JSON)
                .body(Map.of("override", true, "reason", "in a hurry"))
                .post("/api/v1/sessions/" + s + "/discharge")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "dr.p", Roles.PHYSICIAN)))
                .contentType(ContentType.JSON)
                .body(Map.of("override", true, "reason", "escort present, stable"))
                .post("/api/v1/sessions/" + s + "/discharge")
                .then()
                .statusCode(200);
    }

    @Test
    void onlyAPhysicianAcknowledgesACriticalFlag() {
        String flag = Fixtures.recordVitals(Fixtures.dosingSession(30), Map.of("systolic", 185, "diastolic", 100))
                .statusCode(201)
                .extract()
                .path("flags.find { it.ruleCode == 'BP_SEVERE' }.id");
        given().header("Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "nurse.n", Roles.NURSE)))
                .contentType(ContentType.JSON)
                .body(Map.of("note", "seen"))
                .post("/api/v1/flags/" + flag + "/acknowledge")
                .then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "dr.p", Roles.PHYSICIAN)))
                .contentType(ContentType.JSON)
                .body(Map.of("note", "seen, labetalol"))
                .post("/api/v1/flags/" + flag + "/acknowledge")
                .then()
                .statusCode(200)
                .body("acknowledgedBy", org.hamcrest.Matchers.equalTo("dr.p"));
    }
}
