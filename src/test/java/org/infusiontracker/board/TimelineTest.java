package org.infusiontracker.board;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TimelineTest {

    /** The session is created now but charted from 70 minutes ago, so "planned" sorts after the charted past. */
    @Test
    void mergesEverythingInClinicalTimeOrder() {
        String session = Fixtures.session();
        Fixtures.recordVitals(session, Map.of("measuredAt", Fixtures.ago(70), "systolic", 125, "diastolic", 80))
                .statusCode(201);
        Fixtures.transition(session, "start-dosing", Map.of("at", Fixtures.ago(60)))
                .statusCode(200);
        // Charted out of order: the later reading first.
        String flag = Fixtures.recordVitals(
                        session, Map.of("measuredAt", Fixtures.ago(20), "systolic", 185, "diastolic", 100))
                .statusCode(201)
                .extract()
                .path("flags.find { it.ruleCode == 'BP_SEVERE' }.id");
        Fixtures.recordVitals(session, Map.of("measuredAt", Fixtures.ago(40), "spo2", 97))
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "NAUSEA", "grade", 1, "onsetAt", Fixtures.ago(30)))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("note", "seen"))
                .post("/api/v1/flags/" + flag + "/acknowledge")
                .then()
                .statusCode(200);

        List<String> kinds = given().get("/api/v1/sessions/" + session + "/timeline")
                .then()
                .statusCode(200)
                .body("[0].reading.systolic", equalTo(125))
                .body("[2].reading.spo2", equalTo(97))
                .body("[3].adverseEvent.type", equalTo("NAUSEA"))
                .extract()
                .jsonPath()
                .getList("kind");
        org.junit.jupiter.api.Assertions.assertEquals(
                List.of(
                        "reading",
                        "transition",
                        "reading",
                        "adverse-event",
                        "reading",
                        "transition",
                        "flag",
                        "flag",
                        "flag",
                        "acknowledgement"),
                kinds);
        List<String> times = given().get("/api/v1/sessions/" + session + "/timeline")
                .then()
                .extract()
                .jsonPath()
                .getList("at");
        org.junit.jupiter.api.Assertions.assertEquals(times.stream().sorted().toList(), times);
    }

    @Test
    void unknownSessionIs404() {
        given().get("/api/v1/sessions/" + UUID.randomUUID() + "/timeline")
                .then()
                .statusCode(404);
    }
}
