package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.startDosing;
import static org.infusiontracker.Fixtures.transition;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Discharge readiness, blocker by blocker: a session that is ready in every way but one shows
 * exactly that blocker, a discharge is refused with it, and a physician's override records it.
 */
@QuarkusTest
class DischargeReadinessTest {

    /** Dosing started {@code minutes} ago and lasted 40 minutes; normal readings before and after. */
    private static String observedSession(int minutes) {
        String id = Fixtures.session();
        recordVitals(id, with(Fixtures.NORMAL_VITALS, "measuredAt", ago(minutes + 5)))
                .statusCode(201);
        startDosing(id, Map.of("at", ago(minutes))).statusCode(200);
        transition(id, "end-dosing", Map.of("at", ago(minutes - 40))).statusCode(200);
        recordVitals(id, with(Fixtures.NORMAL_VITALS, "measuredAt", ago(2))).statusCode(201);
        return id;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void acknowledgeAll(String session) {
        for (String flag : given().get("/api/v1/sessions/" + session + "/flags")
                .then()
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

    @Test
    void aSessionReadyInEveryWayIsDischarged() {
        String id = observedSession(130);
        given().get("/api/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("dischargeReadiness.ready", equalTo(true))
                .body("dischargeReadiness.blockers", empty());
        transition(id, "discharge", Map.of())
                .statusCode(200)
                .body("status", equalTo("DISCHARGED"))
                .body("dischargeOverride", equalTo(false));
    }

    private static void blockedBy(String code, int minutes, Consumer<String> spoil) {
        String id = observedSession(minutes);
        spoil.accept(id);
        given().get("/api/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("dischargeReadiness.ready", equalTo(false))
                .body("dischargeReadiness.blockers.code", equalTo(List.of(code)))
                .body("dischargeReadiness.blockers[0].message", notNullValue());
        transition(id, "discharge", Map.of())
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Not ready for discharge"))
                .body("blockers.code", equalTo(List.of(code)));
        given().get("/api/v1/sessions/" + id).then().body("status", equalTo("OBSERVATION"));
        transition(id, "discharge", Map.of("override", true)).statusCode(400);
        transition(id, "discharge", Map.of("override", true, "reason", "patient insists, escort present"))
                .statusCode(200)
                .body("status", equalTo("DISCHARGED"))
                .body("dischargeOverride", equalTo(true))
                .body("dischargeOverrideReason", equalTo("patient insists, escort present"));
        given().get("/api/v1/sessions/" + id + "/flags").then().body("ruleCode", hasItem(code));
    }

    @Test
    void tooEarly() {
        blockedBy("DISCHARGE_MIN_OBSERVATION", 100, id -> {});
    }

    @Test
    void sedationNotBackToBaseline() {
        blockedBy(
                "DISCHARGE_SEDATION",
                130,
                id -> recordVitals(id, Map.of("sedationMoaas", 4)).statusCode(201));
    }

    @Test
    void dissociationNotResolved() {
        blockedBy(
                "DISCHARGE_DISSOCIATION",
                130,
                id -> recordVitals(id, Map.of("dissociationCadss", 6)).statusCode(201));
    }

    @Test
    void bloodPressureNotBackInRange() {
        blockedBy("DISCHARGE_BP", 130, id -> {
            recordVitals(id, Map.of("systolic", 165, "diastolic", 95)).statusCode(201);
            acknowledgeAll(id);
        });
    }

    @Test
    void vitalSignsNotBackInRange() {
        blockedBy("DISCHARGE_VITALS", 130, id -> {
            recordVitals(id, Map.of("spo2", 91)).statusCode(201);
            acknowledgeAll(id);
        });
    }

    @Test
    void cognitionNotBack() {
        blockedBy(
                "DISCHARGE_COGNITION",
                130,
                id -> given().contentType(ContentType.JSON)
                        .body(Map.of("type", "COGNITIVE", "grade", 1))
                        .post("/api/v1/sessions/" + id + "/adverse-events")
                        .then()
                        .statusCode(201));
    }

    @Test
    void unacknowledgedWarning() {
        blockedBy("DISCHARGE_UNACKNOWLEDGED_FLAGS", 130, id -> {
            recordVitals(id, Map.of("heartRate", 115, "measuredAt", ago(20))).statusCode(201);
            recordVitals(id, Map.of("heartRate", 72)).statusCode(201);
        });
    }

    @Test
    void aSessionStillDosingIsNotReady() {
        String id = Fixtures.dosingSession(30);
        given().get("/api/v1/sessions/" + id)
                .then()
                .body("dischargeReadiness.ready", equalTo(false))
                .body("dischargeReadiness.blockers.code", hasItem("NOT_IN_OBSERVATION"));
    }
}
