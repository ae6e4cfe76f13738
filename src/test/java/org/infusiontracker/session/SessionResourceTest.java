package org.infusiontracker.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.startDosing;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class SessionResourceTest {

    @Test
    void createsAPlannedSessionWithItsPlan() {
        String patientId = Fixtures.patient();
        String id = given().contentType(ContentType.JSON)
                .body(Fixtures.sessionBody(patientId))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/sessions/"))
                .body("status", equalTo("PLANNED"))
                .body("patientId", equalTo(patientId))
                .body("plannedDose.amount", equalTo(0.5f))
                .body("plannedDose.unit", equalTo("MG_PER_KG"))
                .body("prescriberOnSite", equalTo(true))
                .body("createdAt", notNullValue())
                .extract()
                .path("id");
        given().get("/api/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("lotNumber", equalTo("L123"))
                .body("dosingStartedAt", nullValue());
    }

    @Test
    void walksTheWholeLifecycleWithItsTimes() {
        String id = Fixtures.session();
        startDosing(id, Map.of("at", "2026-01-10T10:00:00+01:00"))
                .statusCode(200)
                .body("status", equalTo("DOSING"))
                .body("dosingStartedAt", equalTo("2026-01-10T09:00:00Z"));
        transition(id, "end-dosing", Map.of("at", "2026-01-10T09:40:00Z", "administeredDoseMg", 36.0))
                .statusCode(200)
                .body("status", equalTo("OBSERVATION"))
                .body("administeredDoseMg", equalTo(36))
                .body("dosingEndedAt", equalTo("2026-01-10T09:40:00Z"));
        transition(
                        id,
                        "discharge",
                        Map.of("at", "2026-01-10T11:10:00Z", "override", true, "reason", "test of the lifecycle"))
                .statusCode(200)
                .body("status", equalTo("DISCHARGED"))
                .body("dischargeOverride", equalTo(true))
                .body("dischargedAt", equalTo("2026-01-10T11:10:00Z"));
        given().get("/api/v1/sessions/" + id)
                .then()
                .body("status", equalTo("DISCHARGED"))
                .body("version", equalTo(3));
    }

    @TestHTTPResource("/api/v1/sessions")
    URI sessions;

    /** A bare POST, as {@code curl -X POST} sends it: no body and no content type. */
    @Test
    void startDosingWithoutABodyMeansNow() throws Exception {
        String id = Fixtures.session();
        Fixtures.preDoseBloodPressure(id, ago(1));
        HttpRequest bare = HttpRequest.newBuilder(URI.create(sessions + "/" + id + "/start-dosing"))
                .header("Authorization", org.infusiontracker.TestTokens.bearer(org.infusiontracker.TestTokens.DEFAULT))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(bare, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        given().get("/api/v1/sessions/" + id)
                .then()
                .body("status", equalTo("DOSING"))
                .body("dosingStartedAt", notNullValue());
    }

    @Test
    void aTransitionWithATextBodyIs415() {
        String id = Fixtures.session();
        given().contentType(ContentType.TEXT)
                .body("now")
                .post("/api/v1/sessions/" + id + "/start-dosing")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().get("/api/v1/sessions/" + id).then().body("status", equalTo("PLANNED"));
    }

    @Test
    void abortsFromEveryOpenStateWithAReason() {
        String planned = Fixtures.session();
        transition(planned, "abort", Map.of("reason", "patient request"))
                .statusCode(200)
                .body("status", equalTo("ABORTED"))
                .body("abortReason", equalTo("patient request"));

        String dosing = Fixtures.dosingSession(10);
        transition(dosing, "abort", Map.of("reason", "BP 200/120"))
                .statusCode(200)
                .body("status", equalTo("ABORTED"));

        String observing = Fixtures.dosingSession(50);
        transition(observing, "end-dosing", Map.of("at", ago(10))).statusCode(200);
        transition(observing, "abort", Map.of("reason", "left against advice"))
                .statusCode(200)
                .body("abortedAt", notNullValue());
    }

    @Test
    void abortNeedsAReason() {
        String id = Fixtures.session();
        transition(id, "abort", Map.of()).statusCode(400).body("violations.field", hasItem("reason"));
        given().get("/api/v1/sessions/" + id).then().body("status", equalTo("PLANNED"));
    }

    @Test
    void dischargeOverrideNeedsAReasonAndIsRecorded() {
        String id = Fixtures.dosingSession(60);
        transition(id, "end-dosing", Map.of("at", ago(20))).statusCode(200);
        transition(id, "discharge", Map.of("override", true))
                .statusCode(400)
                .body("violations.field", hasItem("reason"));
        transition(id, "discharge", Map.of("override", true, "reason", "transport waiting, stable"))
                .statusCode(200)
                .body("dischargeOverride", equalTo(true))
                .body("dischargeOverrideReason", equalTo("transport waiting, stable"));
    }

    /** Every move the lifecycle does not allow is a 409, and leaves the session as it was. */
    @ParameterizedTest(name = "{1} from {0} is 409")
    @CsvSource({
        "PLANNED, end-dosing",
        "PLANNED, discharge",
        "DOSING, start-dosing",
        "DOSING, discharge",
        "OBSERVATION, start-dosing",
        "OBSERVATION, end-dosing",
        "DISCHARGED, start-dosing",
        "DISCHARGED, end-dosing",
        "DISCHARGED, discharge",
        "DISCHARGED, abort",
        "ABORTED, start-dosing",
        "ABORTED, end-dosing",
        "ABORTED, discharge",
        "ABORTED, abort",
    })
    void illegalTransitionsAreConflicts(String state, String action) {
        String id = sessionIn(state);
        Map<String, Object> body = action.equals("abort") ? Map.of("reason", "test") : Map.of();
        transition(id, action, body)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Illegal transition"))
                .body("detail", containsString(state));
        given().get("/api/v1/sessions/" + id).then().body("status", equalTo(state));
    }

    private static String sessionIn(String state) {
        String id = Fixtures.session();
        if (state.equals("PLANNED")) {
            return id;
        }
        if (state.equals("ABORTED")) {
            transition(id, "abort", Map.of("reason", "test")).statusCode(200);
            return id;
        }
        startDosing(id, Map.of("at", ago(90))).statusCode(200);
        if (!state.equals("DOSING")) {
            transition(id, "end-dosing", Map.of("at", ago(50))).statusCode(200);
        }
        if (state.equals("DISCHARGED")) {
            Fixtures.dischargeAnyway(id, ago(1));
        }
        return id;
    }

    @Test
    void aTransitionCannotPredateTheOneBefore() {
        String id = Fixtures.dosingSession(30);
        transition(id, "end-dosing", Map.of("at", ago(40)))
                .statusCode(400)
                .body("violations[0].field", equalTo("at"))
                .body("violations[0].message", startsWith("must not be before dosing started"));
        given().get("/api/v1/sessions/" + id).then().body("status", equalTo("DOSING"));
    }

    @Test
    void aTransitionCannotBeInTheFuture() {
        String id = Fixtures.session();
        transition(id, "start-dosing", Map.of("at", "2999-01-01T00:00:00Z"))
                .statusCode(400)
                .body("violations[0].field", equalTo("at"));
        given().get("/api/v1/sessions/" + id).then().body("status", equalTo("PLANNED"));
    }

    @Test
    void transitionOfAnUnknownSessionIs404() {
        transition(UUID.randomUUID().toString(), "start-dosing", Map.of())
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void sessionForAnUnknownPatientIs404AndNothingIsStored() {
        String missing = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON)
                .body(Fixtures.sessionBody(missing))
                .post("/api/v1/sessions")
                .then()
                .statusCode(404);
        given().queryParam("patientId", missing).get("/api/v1/sessions").then().body("total", equalTo(0));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "drug, MORPHINE",
        "route, ORAL",
        "indication, BOREDOM",
        "plannedDurationMinutes, 0",
        "plannedDurationMinutes, 481",
        "prescriberOnSite, ",
        "patientId, ",
    })
    void badSessionFieldsAreRefusedAndNothingIsStored(String field, String value) {
        String patientId = Fixtures.patient();
        Map<String, Object> body = Fixtures.sessionBody(patientId);
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value);
        }
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        given().queryParam("patientId", patientId)
                .get("/api/v1/sessions")
                .then()
                .body("total", equalTo(0));
    }

    @Test
    void badPlannedDoseIsRefusedNamingTheNestedField() {
        Map<String, Object> body = Fixtures.sessionBody(Fixtures.patient());
        body.put("plannedDose", Map.of("amount", -1, "unit", "MG"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("plannedDose.amount"));
    }

    @Test
    void listsFilterByPatientAndStatusNewestFirst() {
        String patientId = Fixtures.patient();
        String first = Fixtures.session(patientId);
        String second = Fixtures.session(patientId);
        String third = Fixtures.session(patientId);
        startDosing(second, Map.of()).statusCode(200);

        given().queryParam("patientId", patientId)
                .get("/api/v1/sessions")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", contains(third, second, first));
        given().queryParam("patientId", patientId)
                .queryParam("status", "DOSING")
                .get("/api/v1/sessions")
                .then()
                .body("items.id", contains(second));
        given().queryParam("patientId", patientId)
                .queryParam("status", "PLANNED,DOSING")
                .get("/api/v1/sessions")
                .then()
                .body("total", equalTo(3))
                .body("items.status", everyItem(org.hamcrest.Matchers.oneOf("PLANNED", "DOSING")));
    }

    @Test
    void listPagesAndBoundsByCreationTime() {
        String patientId = Fixtures.patient();
        for (int i = 0; i < 5; i++) {
            Fixtures.session(patientId);
        }
        given().queryParam("patientId", patientId)
                .queryParam("size", 2)
                .queryParam("page", 2)
                .get("/api/v1/sessions")
                .then()
                .statusCode(200)
                .body("total", equalTo(5))
                .body("items.size()", equalTo(1))
                .body("page", equalTo(2));
        given().queryParam("patientId", patientId)
                .queryParam("from", "2999-01-01T00:00:00Z")
                .get("/api/v1/sessions")
                .then()
                .body("total", equalTo(0));
        given().queryParam("patientId", patientId)
                .queryParam("to", "2999-01-01T00:00:00Z")
                .get("/api/v1/sessions")
                .then()
                .body("total", equalTo(5));
    }

    @ParameterizedTest(name = "{0}={1} is a 400")
    @CsvSource({
        "status, SLEEPING",
        "patientId, not-a-uuid",
        "from, yesterday",
        "to, 2026-11-26T10:00:00",
        "size, 0",
        "size, 201",
        "page, -1",
    })
    void badListParametersAreRefusedNamingThem(String name, String value) {
        given().queryParam(name, value)
                .get("/api/v1/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo(name));
    }
}
