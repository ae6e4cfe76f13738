package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading, versioning and backtesting rules. Tests that write rules use codes of their own and
 * disable them at the end, so that no other test ever sees them fire.
 */
@QuarkusTest
class RuleApiTest {

    private static String testCode() {
        return "TEST_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private static ValidatableResponse put(String code, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .put("/api/v1/rules/" + code)
                .then();
    }

    private static Map<String, Object> newRule(String condition, String message) {
        Map<String, Object> body = new HashMap<>();
        body.put("table", "RISK");
        body.put("row", "Heart problems");
        body.put("severity", "WARNING");
        body.put("trigger", "READING");
        body.put("condition", condition);
        body.put("matchedValue", "string(reading.heartRate)");
        body.put("message", message);
        body.put("source", "test");
        body.put("reason", "test rule");
        return body;
    }

    private static void disable(String code) {
        put(code, Map.of("condition", "false", "enabled", false, "reason", "end of test"))
                .statusCode(200);
    }

    @Test
    void listsTheRulesInForceWithTheirSources() {
        given().get("/api/v1/rules")
                .then()
                .statusCode(200)
                .body("code", hasItem("BP_SEVERE"))
                .body("find { it.code == 'BP_SEVERE' }.table", equalTo("SIDE_EFFECT"))
                .body("find { it.code == 'BP_SEVERE' }.row", equalTo("Blood pressure spike"))
                .body("find { it.code == 'BP_SEVERE' }.severity", equalTo("CRITICAL"))
                .body("find { it.code == 'BP_SEVERE' }.trigger", equalTo("READING"))
                .body("find { it.code == 'BP_SEVERE' }.source", containsString("UNCONFIRMED"))
                .body("find { it.code == 'BP_SEVERE' }.clinic", nullValue())
                .body("find { it.code == 'SPO2_LOW' }.condition", containsString("reading.spo2"));
    }

    @Test
    void readsOneRuleWithItsHistory() {
        given().get("/api/v1/rules/NEWS2_EMERGENCY")
                .then()
                .statusCode(200)
                .body("current.code", equalTo("NEWS2_EMERGENCY"))
                .body("versions.version", hasItem(1));
        given().get("/api/v1/rules/NO_SUCH_RULE").then().statusCode(404).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "reading.spo2 <=",
                "reading.spo2",
                "vitals.spo2 < 90",
                "has(reading.spo2) && reading.spo2 < 'low'"
            })
    void aConditionThatDoesNotCompileIsRefusedNamingTheCelErrorAndNothingIsStored(String condition) {
        String code = testCode();
        put(code, newRule(condition, "never stored"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("condition"))
                .body("violations[0].message", notNullValue());
        given().get("/api/v1/rules/" + code).then().statusCode(404);
        put("SPO2_LOW", Map.of("condition", condition, "reason", "bad edit")).statusCode(400);
        given().get("/api/v1/rules/SPO2_LOW").then().body("current.version", equalTo(1));
    }

    @Test
    void aNewRuleNeedsItsTableRowAndTriggerAndARowOfItsTable() {
        String code = testCode();
        put(code, Map.of("condition", "true", "reason", "x"))
                .statusCode(400)
                .body("violations.field", hasItem("table"))
                .body("violations.field", hasItem("trigger"));
        Map<String, Object> wrongRow = newRule("true", "x");
        wrongRow.put("row", "Vomiting");
        put(code, wrongRow).statusCode(400).body("violations.field", hasItem("row"));
        put("not-a-code", newRule("true", "x")).statusCode(400).body("violations.field", hasItem("code"));
    }

    @Test
    void anEditIsANewVersionAndOnlyNewFlagsNameIt() {
        String code = testCode();
        String condition = "has(reading.heartRate) && reading.heartRate == 203";
        put(code, newRule(condition, "first wording"))
                .statusCode(201)
                .header("Location", containsString("/api/v1/rules/" + code))
                .body("version", equalTo(1))
                .body("clinic", notNullValue());
        String early = Fixtures.dosingSession(20);
        recordVitals(early, Map.of("heartRate", 203))
                .statusCode(201)
                .body("flags.find { it.ruleCode == '" + code + "' }.ruleVersion", equalTo(1))
                .body("flags.find { it.ruleCode == '" + code + "' }.message", equalTo("first wording"));

        Map<String, Object> edit = new HashMap<>();
        edit.put("condition", condition);
        edit.put("message", "second wording");
        edit.put("severity", "CRITICAL");
        edit.put("reason", "clinic protocol change");
        put(code, edit)
                .statusCode(200)
                .body("version", equalTo(2))
                .body("changeReason", equalTo("clinic protocol change"));

        String late = Fixtures.dosingSession(20);
        recordVitals(late, Map.of("heartRate", 203))
                .statusCode(201)
                .body("flags.find { it.ruleCode == '" + code + "' }.ruleVersion", equalTo(2))
                .body("flags.find { it.ruleCode == '" + code + "' }.severity", equalTo("CRITICAL"))
                .body("flags.find { it.ruleCode == '" + code + "' }.message", equalTo("second wording"));
        given().get("/api/v1/sessions/" + early + "/flags")
                .then()
                .body("find { it.ruleCode == '" + code + "' }.ruleVersion", equalTo(1))
                .body("find { it.ruleCode == '" + code + "' }.message", equalTo("first wording"));
        given().get("/api/v1/rules/" + code)
                .then()
                .statusCode(200)
                .body("current.version", equalTo(2))
                .body("versions.version", equalTo(List.of(2, 1)));

        disable(code);
        String after = Fixtures.dosingSession(20);
        recordVitals(after, Map.of("heartRate", 203))
                .statusCode(201)
                .body("flags.ruleCode", org.hamcrest.Matchers.not(hasItem(code)));
    }

    @Test
    void aBacktestCountsWhatTheRuleInForceAndACandidateWouldHaveRaised() {
        // A window of its own, far in the past, so that no other test's data falls in it.
        Instant start = Instant.parse("2001-01-01T00:00:00Z")
                .plus(ThreadLocalRandom.current().nextLong(0, 20L * 365 * 24 * 60), ChronoUnit.MINUTES);
        String a = Fixtures.session();
        Fixtures.startDosing(a, Map.of("at", start.toString())).statusCode(200);
        int minute = 1;
        for (int spo2 : new int[] {96, 93, 92, 97, 91}) {
            recordVitals(
                            a,
                            Map.of(
                                    "measuredAt",
                                    start.plus(Duration.ofMinutes(minute++)).toString(),
                                    "spo2",
                                    spo2))
                    .statusCode(201);
        }
        String b = Fixtures.session();
        Fixtures.startDosing(b, Map.of("at", start.toString())).statusCode(200);
        recordVitals(b, Map.of("measuredAt", start.plus(Duration.ofMinutes(3)).toString(), "spo2", 93))
                .statusCode(201);

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
                .body("code", equalTo("SPO2_LOW"))
                .body("trigger", equalTo("READING"))
                .body("evaluated", equalTo(6))
                .body("current.version", equalTo(1))
                .body("current.matches", equalTo(3))
                .body("current.flags", equalTo(2))
                .body("current.sessions", equalTo(2))
                .body("candidate.matches", equalTo(4))
                .body("candidate.flags", equalTo(3))
                .body("candidate.sessions", equalTo(2));
    }

    @Test
    void aBacktestRefusesABadCandidateOrWindow() {
        given().contentType(ContentType.JSON)
                .body(Map.of("condition", "reading.spo2 <"))
                .post("/api/v1/rules/SPO2_LOW/backtest")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("condition"));
        given().contentType(ContentType.JSON)
                .body(Map.of("condition", "true", "from", "2026-01-01T00:00:00Z", "to", "2025-01-01T00:00:00Z"))
                .post("/api/v1/rules/SPO2_LOW/backtest")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("condition", "true"))
                .post("/api/v1/rules/BP_MISSING_40MIN/backtest")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("code"));
        given().contentType(ContentType.JSON)
                .body(Map.of("condition", "true"))
                .post("/api/v1/rules/NO_SUCH_RULE/backtest")
                .then()
                .statusCode(404);
    }

    @Test
    void everyShippedRuleIsCoveredByATableTest() {
        List<String> shipped = given().get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.clinic == null }.code");
        List<String> tested = java.util.stream.Stream.of(
                        SideEffectTableTest.rules(), RiskTableTest.rules(), SessionTableTest.rules())
                .flatMap(s -> s)
                .map(arguments -> ((RuleCase) arguments.get()[0]).code())
                .toList();
        org.junit.jupiter.api.Assertions.assertEquals(
                shipped.stream().sorted().toList(), tested.stream().sorted().toList());
        given().get("/api/v1/rules")
                .then()
                .body("findAll { it.clinic == null }.size()", greaterThanOrEqualTo(70))
                .body("findAll { it.clinic == null }.enabled", everyItem(equalTo(true)));
    }
}
