package org.infusiontracker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/** Builds the records a test needs through the API itself, each with fresh ids and MRNs. */
public final class Fixtures {

    private Fixtures() {}

    /** The Prometheus text of the management port, where the metrics live (not the public port). */
    public static String metrics() {
        // The management address names its root (/q); the metrics are below it.
        return given().baseUri(TestHTTPResourceManager.getManagementUri())
                .get("/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The retraction reason of the pre-dose reading {@link #startDosing} records for the gate. */
    public static final String GATE_READING_RETRACTED = "test set-up: the reading the dosing gate needed";

    /**
     * Runs {@code work} in a transaction that is rolled back, expects it to fail, and returns the
     * messages of the failure and its causes (what refused it: a trigger, a check).
     */
    public static String refusal(UserTransaction tx, Executable work) throws Exception {
        tx.begin();
        try {
            Throwable refused = assertThrows(Throwable.class, work);
            StringBuilder all = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append(" | ");
            }
            return all.toString();
        } finally {
            tx.rollback();
        }
    }

    /** A full set of vital signs, all in range: what a patient ready for discharge shows. */
    public static final Map<String, Object> NORMAL_VITALS = Map.of(
            "systolic", 122,
            "diastolic", 78,
            "heartRate", 72,
            "spo2", 98,
            "respiratoryRate", 14,
            "temperatureC", 36.8,
            "onOxygen", false,
            "sedationMoaas", 5,
            "dissociationCadss", 1,
            "consciousness", "ALERT");

    public static String newMrn() {
        return "T-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static String patient() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("mrn", newMrn(), "displayName", "Test Patient", "birthYear", 1980, "weightKg", 72.5))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static Map<String, Object> sessionBody(String patientId) {
        Map<String, Object> body = new HashMap<>();
        body.put("patientId", patientId);
        body.put("drug", "KETAMINE");
        body.put("route", "IV");
        body.put("indication", "TRD");
        body.put("plannedDose", Map.of("amount", 0.5, "unit", "MG_PER_KG"));
        body.put("plannedDurationMinutes", 40);
        body.put("lotNumber", "L123");
        body.put("nurse", "nurse.a");
        body.put("prescriber", "dr.b");
        body.put("prescriberOnSite", true);
        return body;
    }

    public static String session() {
        return session(patient());
    }

    /** An esketamine session as a certified outpatient setting plans it: 84 mg (three devices), lot L123. */
    public static Map<String, Object> esketamineSessionBody(String patientId) {
        Map<String, Object> body = sessionBody(patientId);
        body.put("drug", "ESKETAMINE");
        body.put("route", "INTRANASAL");
        body.put("plannedDose", Map.of("amount", 84, "unit", "MG"));
        body.remove("plannedDurationMinutes");
        return body;
    }

    public static String esketamineSession() {
        return given().contentType(ContentType.JSON)
                .body(esketamineSessionBody(patient()))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static String session(String patientId) {
        return given().contentType(ContentType.JSON)
                .body(sessionBody(patientId))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static ValidatableResponse transition(String sessionId, String action, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions/" + sessionId + "/" + action)
                .then();
    }

    /** A session that started dosing {@code minutesAgo} minutes ago. */
    public static String dosingSession(int minutesAgo) {
        String id = session();
        startDosing(id, Map.of("at", ago(minutesAgo))).statusCode(200);
        return id;
    }

    /**
     * Starts dosing (at the body's {@code at}, or now) after the pre-dose blood pressure that the
     * dosing gate asks for: 120/80, five minutes before. Once dosing has started, that reading is
     * retracted as entered in error, so that the session holds no reading in force and no
     * baseline, as the tests of recording and flags expect; the gate's own tests build their
     * readings themselves.
     */
    public static ValidatableResponse startDosing(String sessionId, Map<String, Object> body) {
        Object at = body.get("at");
        Instant start =
                at == null ? Instant.now() : OffsetDateTime.parse(at.toString()).toInstant();
        String bloodPressure = preDoseBloodPressure(
                sessionId, start.minus(5, ChronoUnit.MINUTES).toString());
        ValidatableResponse started = transition(sessionId, "start-dosing", body);
        if (started.extract().statusCode() == 200) {
            amend("vitals", bloodPressure, Map.of("enteredInError", true, "reason", GATE_READING_RETRACTED))
                    .statusCode(200);
        }
        return started;
    }

    /** A blood pressure of 120/80 measured at {@code at}: what the dosing gate needs within the hour before dosing. */
    public static String preDoseBloodPressure(String sessionId, String at) {
        return recordVitals(sessionId, Map.of("measuredAt", at, "systolic", 120, "diastolic", 80))
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static ValidatableResponse recordVitals(String sessionId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions/" + sessionId + "/vitals")
                .then();
    }

    /** {@code POST /api/v1/{records}/{id}/amend}, where records is {@code vitals} or {@code adverse-events}. */
    public static ValidatableResponse amend(String records, String id, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/" + records + "/" + id + "/amend")
                .then();
    }

    public static int readingCount(String sessionId) {
        return given().get("/api/v1/sessions/" + sessionId + "/vitals")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    public static int adverseEventCount(String sessionId) {
        return given().get("/api/v1/sessions/" + sessionId + "/adverse-events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    /** Discharges over whatever blocks it, as a physician's override with a reason. */
    public static void dischargeAnyway(String sessionId, String at) {
        transition(sessionId, "discharge", Map.of("at", at, "override", true, "reason", "test set-up"))
                .statusCode(200);
    }

    /** Acknowledges every open flag of the session, as a physician (the default test token) with a note. */
    public static void acknowledgeOpenFlags(String sessionId) {
        for (String flag : given().get("/api/v1/sessions/" + sessionId + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<String>getList("findAll { it.status == 'OPEN' }.id")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("note", "seen"))
                    .post("/api/v1/flags/" + flag + "/acknowledge")
                    .then()
                    .statusCode(200);
        }
    }

    /** An ISO-8601 time {@code minutes} minutes before now, in UTC. */
    public static String ago(int minutes) {
        return Instant.now()
                .minus(minutes, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }
}
