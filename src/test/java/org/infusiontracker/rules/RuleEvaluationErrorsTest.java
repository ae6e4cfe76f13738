package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.care.ClockSweep;
import org.junit.jupiter.api.Test;

/**
 * A rule that cannot be evaluated on a real record is counted, shown on {@code GET /rules/{code}}
 * and in the metric, and, when it is a WARNING or CRITICAL rule, flagged on the session. Each test
 * edits rules in a clinic of its own, so no other test ever meets the broken versions.
 */
@QuarkusTest
class RuleEvaluationErrorsTest {

    /** The realistic mistake: a threshold without its has() guard, so any reading without a BP fails it. */
    private static final String UNGUARDED_BP_SEVERE = "reading.systolic >= 180 || reading.diastolic >= 110";

    @Inject
    RuleErrors errors;

    @Inject
    ClockSweep sweep;

    @Inject
    DataSource database;

    private static String newClinic() {
        return "errors-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A person who holds every role in the clinic. */
    private static String admin(String clinic) {
        return TestTokens.token(clinic, "admin.a", "nurse", "physician", "admin");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON);
    }

    private static int edit(String token, String code, Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(changes);
        body.put("reason", "test: a version that cannot be evaluated on every record");
        return as(token)
                .body(body)
                .put("/api/v1/rules/" + code)
                .then()
                .statusCode(200)
                .extract()
                .path("version");
    }

    /** A planned session of a new patient of the clinic. */
    private static String plannedSession(String token) {
        String patient = as(token)
                .body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Errors", "weightKg", 70))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return as(token)
                .body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The pre-dose reading the dosing gate asks for, with the values the broken rules of these tests read. */
    private static void preDose(String token, String session, int minutesAgo) {
        reading(
                token,
                session,
                "measuredAt",
                Fixtures.ago(minutesAgo),
                "systolic",
                120,
                "diastolic",
                80,
                "heartRate",
                72,
                "spo2",
                98);
    }

    /** A session whose dosing started {@code dosingMinutesAgo} minutes ago, after a pre-dose reading. */
    private static String session(String token, int dosingMinutesAgo) {
        String session = plannedSession(token);
        preDose(token, session, dosingMinutesAgo + 5);
        transition(token, session, "start-dosing", Map.of("at", Fixtures.ago(dosingMinutesAgo)))
                .statusCode(200);
        return session;
    }

    private static ValidatableResponse transition(String token, String session, String move, Map<String, Object> body) {
        return as(token)
                .body(body)
                .post("/api/v1/sessions/" + session + "/" + move)
                .then();
    }

    private static JsonPath reading(String token, String session, Object... keysAndValues) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return as(token)
                .body(body)
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static List<Map<String, Object>> flags(String token, String session) {
        return as(token)
                .get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static List<Map<String, Object>> notEvaluated(List<Map<String, Object>> flags) {
        return flags.stream()
                .filter(f -> RuleService.NOT_EVALUATED.equals(f.get("ruleCode")))
                .toList();
    }

    /** The clinic's evaluation errors of the code, once every error recorded so far is written. */
    private JsonPath errorsOf(String token, String code) throws Exception {
        errors.awaitWritten();
        return as(token)
                .get("/api/v1/rules/" + code)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("evaluationErrors");
    }

    /** The metric's value for the rule and trigger, 0 when it has not counted yet. */
    private static double metric(String code, String trigger) {
        String text = Fixtures.metrics();
        Matcher line = Pattern.compile("(?m)^infusion_rule_evaluation_errors_total\\{([^}]*)} (\\S+)$")
                .matcher(text);
        while (line.find()) {
            if (line.group(1).contains("rule=\"" + code + "\"")
                    && line.group(1).contains("trigger=\"" + trigger + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    @Test
    void aCriticalRuleThatFailsOnAReadingIsCountedShownAndFlagged() throws Exception {
        String admin = admin(newClinic());
        int version = edit(admin, "BP_SEVERE", Map.of("condition", UNGUARDED_BP_SEVERE));
        String session = session(admin, 30);
        double before = metric("BP_SEVERE", "READING");

        JsonPath first = reading(admin, session, "heartRate", 80);

        List<Map<String, Object>> raised = notEvaluated(first.getList("flags"));
        assertEquals(1, raised.size(), () -> "flags: " + first.getList("flags"));
        Map<String, Object> flag = raised.get(0);
        assertEquals("INFO", flag.get("severity"));
        assertEquals(version, flag.get("ruleVersion"));
        assertEquals("SIDE_EFFECT", flag.get("table"));
        assertEquals("Blood pressure spike", flag.get("row"));
        assertEquals("OPEN", flag.get("status"));
        assertEquals(RuleService.NOT_EVALUATED_MESSAGE, flag.get("message"));
        String value = (String) flag.get("matchedValue");
        assertTrue(value.startsWith("BP_SEVERE v" + version + " (CRITICAL): "), value);
        assertTrue(value.contains("systolic"), value);

        JsonPath second = reading(admin, session, "spo2", 97);
        assertEquals(2, notEvaluated(second.getList("flags")).get(0).get("occurrences"));

        JsonPath shown = errorsOf(admin, "BP_SEVERE");
        assertEquals(2, shown.getInt("last24Hours"));
        assertEquals(version, shown.getInt("lastVersion"));
        assertTrue(shown.getString("lastMessage").contains("systolic"), shown.getString("lastMessage"));
        assertNotNullTime(shown.getString("lastAt"));
        assertEquals(before + 2, metric("BP_SEVERE", "READING"));

        // Where the values are there the rule still works, and nothing more is counted.
        JsonPath severe = reading(admin, session, "systolic", 185, "diastolic", 100);
        assertEquals(
                "CRITICAL",
                severe.getList("flags", Map.class).stream()
                        .filter(f -> "BP_SEVERE".equals(f.get("ruleCode")))
                        .findFirst()
                        .orElseThrow()
                        .get("severity"));
        assertEquals(2, errorsOf(admin, "BP_SEVERE").getInt("last24Hours"));
    }

    @Test
    void theFlagDoesNotBlockDischargeAndANurseAcknowledgesIt() throws Exception {
        String clinic = newClinic();
        String admin = admin(clinic);
        edit(admin, "BP_SEVERE", Map.of("condition", UNGUARDED_BP_SEVERE));
        String session = session(admin, 30);

        reading(admin, session, "heartRate", 80);

        as(admin)
                .get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .body("openFlags.ruleCode", hasItem(RuleService.NOT_EVALUATED))
                .body("dischargeReadiness.blockers.code", not(hasItem("DISCHARGE_UNACKNOWLEDGED_FLAGS")));
        // An INFO flag: a nurse acknowledges it.
        String id = (String) notEvaluated(flags(admin, session)).get(0).get("id");
        as(TestTokens.token(clinic, "nurse.n", "nurse"))
                .body(Map.of("note", "BP taken by hand; admin told"))
                .post("/api/v1/flags/" + id + "/acknowledge")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
    }

    @Test
    void anInfoRuleThatFailsIsCountedWithoutAFlagAndAWarningRuleIsFlagged() throws Exception {
        String admin = admin(newClinic());
        edit(admin, "HR_HIGH_MILD", Map.of("condition", "reading.heartRate >= 91 && reading.heartRate <= 110"));
        String session = session(admin, 30);

        JsonPath infoOnly = reading(admin, session, "spo2", 97);

        assertTrue(notEvaluated(infoOnly.getList("flags")).isEmpty(), () -> "flags: " + infoOnly.getList("flags"));
        assertEquals(1, errorsOf(admin, "HR_HIGH_MILD").getInt("last24Hours"));

        int warning = edit(admin, "SPO2_LOW", Map.of("condition", "reading.spo2 >= 92 && reading.spo2 <= 93"));
        JsonPath both = reading(admin, session, "respiratoryRate", 16);

        List<Map<String, Object>> raised = notEvaluated(both.getList("flags"));
        assertEquals(1, raised.size(), () -> "flags: " + both.getList("flags"));
        assertEquals(warning, raised.get(0).get("ruleVersion"));
        assertEquals("Breathing trouble", raised.get(0).get("row"));
        String value = (String) raised.get(0).get("matchedValue");
        assertTrue(value.startsWith("SPO2_LOW v" + warning + " (WARNING): "), value);
        assertFalse(value.contains("HR_HIGH_MILD"), value);
        assertEquals(2, errorsOf(admin, "HR_HIGH_MILD").getInt("last24Hours"));
        assertEquals(1, errorsOf(admin, "SPO2_LOW").getInt("last24Hours"));
    }

    @Test
    void anErrorOnARefusedDischargeStillCountsButViewsCountNothing() throws Exception {
        String admin = admin(newClinic());
        int version =
                edit(admin, "DISCHARGE_BP", Map.of("condition", "reading.systolic >= 160 || reading.diastolic >= 100"));
        String session = session(admin, 60);
        transition(admin, session, "end-dosing", Map.of("at", Fixtures.ago(20))).statusCode(200);
        reading(admin, session, "spo2", 98);
        // Readiness on the session view and on the board evaluates the rule too, but is no record.
        as(admin).get("/api/v1/sessions/" + session).then().statusCode(200);
        as(admin).get("/api/v1/board").then().statusCode(200);
        assertEquals(0, errorsOf(admin, "DISCHARGE_BP").getInt("last24Hours"));
        double before = metric("DISCHARGE_BP", "DISCHARGE");

        transition(admin, session, "discharge", Map.of())
                .statusCode(409)
                .body("blockers.code", hasItem("DISCHARGE_MIN_OBSERVATION"));

        JsonPath shown = errorsOf(admin, "DISCHARGE_BP");
        assertEquals(1, shown.getInt("last24Hours"));
        assertEquals(version, shown.getInt("lastVersion"));
        assertEquals(before + 1, metric("DISCHARGE_BP", "DISCHARGE"));
        // The refused discharge changed nothing, its flag included.
        assertTrue(notEvaluated(flags(admin, session)).isEmpty());

        transition(admin, session, "discharge", Map.of("override", true, "reason", "test: leaves over the blockers"))
                .statusCode(200);

        assertEquals(1, notEvaluated(flags(admin, session)).size());
        assertEquals(2, errorsOf(admin, "DISCHARGE_BP").getInt("last24Hours"));
    }

    @Test
    void aClockRuleThatFailsInTheSweepIsCountedAndFlaggedOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusMock.installMockForType(Clock.fixed(now, ZoneOffset.UTC), Clock.class);
        String admin = admin(newClinic());
        edit(
                admin,
                "SEDATION_PERSISTING",
                Map.of("condition", "session.minutesSinceDosingStarted >= 90.0 && reading.sedationMoaas < 5"));
        String session = session(admin, 95);
        reading(admin, session, "measuredAt", now.minus(Duration.ofMinutes(5)).toString(), "heartRate", 80);

        sweep.sweep();
        sweep.sweep();

        List<Map<String, Object>> raised = notEvaluated(flags(admin, session));
        assertEquals(1, raised.size(), raised::toString);
        assertTrue(((String) raised.get(0).get("matchedValue")).startsWith("SEDATION_PERSISTING v"));
        assertEquals(2, errorsOf(admin, "SEDATION_PERSISTING").getInt("last24Hours"));
        // Closed, so that later sweeps do not meet the broken version again.
        transition(admin, session, "abort", Map.of("reason", "end of test")).statusCode(200);
    }

    @Test
    void theDosingGateAndAnAdverseEventCountTheirRulesFailuresAndPublishTheFlag() throws Exception {
        String clinic = newClinic();
        String admin = admin(clinic);
        int dosing = edit(
                admin,
                "PRESCRIBER_OFF_SITE",
                Map.of("condition", "!session.prescriberOnSite || session.minutesSinceDosingEnded > 0.0"));
        int event = edit(
                admin,
                "VOMITING_SEDATED",
                Map.of("condition", "event.type == 'VOMITING' && reading.sedationMoaas <= 3"));

        String session = plannedSession(admin);

        // The gate refuses (no pre-dose blood pressure): the failure of the rule still counts.
        transition(admin, session, "start-dosing", Map.of())
                .statusCode(409)
                .body("blockers.code", hasItem("PREDOSE_BP_MISSING"));
        assertEquals(1, errorsOf(admin, "PRESCRIBER_OFF_SITE").getInt("last24Hours"));
        assertTrue(notEvaluated(flags(admin, session)).isEmpty());

        preDose(admin, session, 5);
        transition(admin, session, "start-dosing", Map.of()).statusCode(200);

        List<Map<String, Object>> atStart = notEvaluated(flags(admin, session));
        assertEquals(1, atStart.size(), atStart::toString);
        assertTrue(((String) atStart.get(0).get("matchedValue")).startsWith("PRESCRIBER_OFF_SITE v" + dosing));
        assertEquals(2, errorsOf(admin, "PRESCRIBER_OFF_SITE").getInt("last24Hours"));

        JsonPath answer = as(admin)
                .body(Map.of("type", "VOMITING", "grade", 1))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();

        List<Map<String, Object>> raised = notEvaluated(answer.getList("flags"));
        assertEquals(1, raised.size(), () -> "flags: " + answer.getList("flags"));
        assertEquals(2, raised.get(0).get("occurrences"));
        assertTrue(((String) raised.get(0).get("matchedValue")).startsWith("VOMITING_SEDATED v" + event));
        assertEquals(1, errorsOf(admin, "VOMITING_SEDATED").getInt("last24Hours"));
        assertEquals(2, published(clinic, RuleService.NOT_EVALUATED));
    }

    /** How many {@code flag.raised} events of the clinic carry a flag of the code. */
    private long published(String clinic, String code) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from stream_event "
                        + "where clinic_id = ? and type = 'flag.raised' and payload like ?")) {
            query.setString(1, clinic);
            query.setString(2, "%\"ruleCode\":\"" + code + "\"%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void aClinicSeesOnlyItsOwnErrors() throws Exception {
        String ours = admin(newClinic());
        edit(ours, "BP_SEVERE", Map.of("condition", UNGUARDED_BP_SEVERE));
        reading(ours, session(ours, 30), "heartRate", 80);
        assertEquals(1, errorsOf(ours, "BP_SEVERE").getInt("last24Hours"));

        JsonPath theirs = errorsOf(admin(newClinic()), "BP_SEVERE");

        assertEquals(0, theirs.getInt("last24Hours"));
        assertNull(theirs.get("lastMessage"));
        assertNull(theirs.get("lastVersion"));
        assertNull(theirs.get("lastAt"));
    }

    @Test
    void aValueThatCannotBeShownLeavesTheFlagWithoutOne() throws Exception {
        String admin = admin(newClinic());
        String condition =
                as(admin).get("/api/v1/rules/HR_HIGH").then().extract().path("current.condition");
        edit(admin, "HR_HIGH", Map.of("condition", condition, "matchedValue", "string(reading.systolic) + ' mmHg'"));
        String session = session(admin, 30);

        JsonPath answer = reading(admin, session, "heartRate", 120);

        Map<?, ?> flag = answer.getList("flags", Map.class).stream()
                .filter(f -> "HR_HIGH".equals(f.get("ruleCode")))
                .findFirst()
                .orElseThrow();
        assertNull(flag.get("matchedValue"));
        assertEquals(0, errorsOf(admin, "HR_HIGH").getInt("last24Hours"));
    }

    @Test
    void theFlagsCodeIsNotARuleCode() {
        as(admin(newClinic()))
                .body(Map.of("condition", "true", "reason", "x"))
                .put("/api/v1/rules/" + RuleService.NOT_EVALUATED)
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("code"))
                .body("violations[0].message", containsString("could not be evaluated"));
    }

    @Test
    void aRuleWithoutErrorsShowsNone() {
        given().get("/api/v1/rules/NEWS2_EMERGENCY")
                .then()
                .statusCode(200)
                .body("evaluationErrors.last24Hours", equalTo(0))
                .body("evaluationErrors.lastMessage", nullValue())
                .body("evaluationErrors", notNullValue());
    }

    private static void assertNotNullTime(String at) {
        assertTrue(at != null && Instant.parse(at).isAfter(Instant.now().minus(Duration.ofHours(1))), at);
    }
}
