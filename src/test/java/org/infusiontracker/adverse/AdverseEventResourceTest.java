package org.infusiontracker.adverse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.infusiontracker.Fixtures.adverseEventCount;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class AdverseEventResourceTest {

    private static ValidatableResponse record(String session, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then();
    }

    private static ValidatableResponse resolve(String eventId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/adverse-events/" + eventId + "/resolve")
                .then();
    }

    @Test
    void recordsAnEventWithItsGradeAndAction() {
        String session = Fixtures.dosingSession(30);
        String onset = ago(5);
        String id = record(
                        session,
                        Map.of(
                                "type",
                                "NAUSEA",
                                "grade",
                                2,
                                "serious",
                                false,
                                "onsetAt",
                                onset,
                                "description",
                                "queasy, pale",
                                "actionTaken",
                                "ondansetron 4 mg IV"))
                .statusCode(201)
                .header("Location", containsString("/api/v1/adverse-events/"))
                .body("type", equalTo("NAUSEA"))
                .body("grade", equalTo(2))
                .body("serious", equalTo(false))
                .body("onsetAt", equalTo(onset))
                .body("recordedAt", notNullValue())
                .body("actionTaken", equalTo("ondansetron 4 mg IV"))
                .body("outcome", nullValue())
                .extract()
                .path("id");
        given().get("/api/v1/adverse-events/" + id).then().statusCode(200).body("description", equalTo("queasy, pale"));
    }

    @Test
    void listsEventsInOnsetOrder() {
        String session = Fixtures.dosingSession(60);
        String second = record(session, Map.of("type", "VOMITING", "grade", 1, "onsetAt", ago(10)))
                .statusCode(201)
                .extract()
                .path("id");
        String first = record(session, Map.of("type", "NAUSEA", "grade", 1, "onsetAt", ago(20)))
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(200)
                .body("id", contains(first, second));
    }

    @Test
    void resolvesOnceWithAnOutcome() {
        String session = Fixtures.dosingSession(60);
        String id = record(session, Map.of("type", "DIZZINESS", "grade", 1, "onsetAt", ago(30)))
                .statusCode(201)
                .extract()
                .path("id");
        resolve(id, Map.of("outcome", "RESOLVED", "note", "steady on feet", "at", ago(5)))
                .statusCode(200)
                .body("outcome", equalTo("RESOLVED"))
                .body("resolvedAt", notNullValue())
                .body("resolutionNote", equalTo("steady on feet"));
        resolve(id, Map.of("outcome", "RECOVERING"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Already resolved"));
        given().get("/api/v1/adverse-events/" + id).then().body("outcome", equalTo("RESOLVED"));
    }

    @Test
    void resolutionCannotPredateOnsetOrLackAnOutcome() {
        String session = Fixtures.dosingSession(60);
        String id = record(session, Map.of("type", "DIZZINESS", "grade", 1, "onsetAt", ago(10)))
                .statusCode(201)
                .extract()
                .path("id");
        resolve(id, Map.of("outcome", "RESOLVED", "at", ago(20)))
                .statusCode(400)
                .body("violations.field", hasItem("at"));
        resolve(id, Map.of("note", "gone")).statusCode(400).body("violations.field", hasItem("outcome"));
        resolve(id, Map.of("outcome", "ONGOING")).statusCode(400).body("violations.field", hasItem("outcome"));
        given().get("/api/v1/adverse-events/" + id).then().body("outcome", nullValue());
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "grade, 0",
        "grade, 6",
        "grade, ",
        "type, SNEEZING",
        "type, ",
        "onsetAt, 2999-01-01T00:00:00Z",
        "onsetAt, noon",
    })
    void badEventsAreRefusedAndNothingIsStored(String field, String value) {
        String session = Fixtures.dosingSession(30);
        Map<String, Object> body = new HashMap<>(Map.of("type", "NAUSEA", "grade", 2));
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value);
        }
        record(session, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        assertEquals(0, adverseEventCount(session));
    }

    @Test
    void anEventWithOnsetAfterTheSessionClosedIsAConflictAndOneBeforeIsALateEntry() {
        String session = Fixtures.dosingSession(150);
        transition(session, "end-dosing", Map.of("at", ago(110))).statusCode(200);
        Fixtures.dischargeAnyway(session, ago(10));
        record(session, Map.of("type", "VOMITING", "grade", 1, "onsetAt", ago(5)))
                .statusCode(409);
        record(session, Map.of("type", "VOMITING", "grade", 1, "onsetAt", ago(60)))
                .statusCode(201)
                .body("lateEntry", equalTo(true));
        assertEquals(1, adverseEventCount(session));
    }

    @Test
    void unknownIdsAre404() {
        record(UUID.randomUUID().toString(), Map.of("type", "NAUSEA", "grade", 1))
                .statusCode(404);
        given().get("/api/v1/sessions/" + UUID.randomUUID() + "/adverse-events")
                .then()
                .statusCode(404);
        resolve(UUID.randomUUID().toString(), Map.of("outcome", "RESOLVED")).statusCode(404);
        given().get("/api/v1/adverse-events/" + UUID.randomUUID()).then().statusCode(404);
    }
}
