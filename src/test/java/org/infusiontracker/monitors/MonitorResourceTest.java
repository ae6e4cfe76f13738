package org.infusiontracker.monitors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;

/** PUT, GET and DELETE /monitors, and the chair of a session. */
@QuarkusTest
class MonitorResourceTest {

    private static String device() {
        return "DEV-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aMonitorIsMappedListedRemappedAndRemoved() {
        String device = device();
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", " 3 "))
                .put("/api/v1/monitors/" + device)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/monitors/" + device))
                .body("deviceId", equalTo(device))
                .body("chair", equalTo("3"))
                .body("updatedBy", equalTo("test.user"));
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", "4"))
                .put("/api/v1/monitors/" + device)
                .then()
                .statusCode(200)
                .body("chair", equalTo("4"));
        given().get("/api/v1/monitors").then().statusCode(200).body("deviceId", hasItem(device));
        given().get("/api/v1/monitors/" + device).then().statusCode(200).body("chair", equalTo("4"));
        given().get("/api/v1/audit?entity=monitor&id=" + device)
                .then()
                .statusCode(200)
                .body("items.action", hasItem("CREATE"))
                .body("items.action", hasItem("UPDATE"));
        given().delete("/api/v1/monitors/" + device).then().statusCode(204);
        given().get("/api/v1/monitors").then().statusCode(200).body("deviceId", not(hasItem(device)));
        given().delete("/api/v1/monitors/" + device).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/monitors/" + device).then().statusCode(404);
        given().get("/api/v1/audit?entity=monitor&id=" + device).then().body("items.action", hasItem("DELETE"));
    }

    @Test
    void anotherClinicsMonitorIsNotSeen() {
        String device = device();
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", "1"))
                .put("/api/v1/monitors/" + device)
                .then()
                .statusCode(201);
        String other = TestTokens.bearer(TestTokens.token("other-clinic", "n.o", "nurse"));
        given().header("Authorization", other)
                .get("/api/v1/monitors/" + device)
                .then()
                .statusCode(404);
        given().header("Authorization", other)
                .delete("/api/v1/monitors/" + device)
                .then()
                .statusCode(404);
        given().header("Authorization", other)
                .get("/api/v1/monitors")
                .then()
                .statusCode(200)
                .body("deviceId", not(hasItem(device)));
    }

    @Test
    void aBadChairOrDeviceIdIs400NamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", "   "))
                .put("/api/v1/monitors/" + device())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("chair"));
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", "x".repeat(33)))
                .put("/api/v1/monitors/" + device())
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("chair"));
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .put("/api/v1/monitors/" + device())
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("chair"));
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", "1"))
                .put("/api/v1/monitors/bad%20id")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("deviceId"));
    }

    @Test
    void aViewerMayListButNotMap() {
        String viewer = TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "v.v", "viewer"));
        given().header("Authorization", viewer)
                .contentType(ContentType.JSON)
                .body(Map.of("chair", "1"))
                .put("/api/v1/monitors/" + device())
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", viewer)
                .delete("/api/v1/monitors/" + device())
                .then()
                .statusCode(403);
        given().header("Authorization", viewer).get("/api/v1/monitors").then().statusCode(200);
    }

    @Test
    void aSessionTakesAChairAndOneOpenSessionHoldsIt() {
        String chair = "CH-" + UUID.randomUUID().toString().substring(0, 8);
        String first = MonitorListenerTest.sessionInChair(chair);
        given().get("/api/v1/sessions/" + first).then().statusCode(200).body("chair", equalTo(chair));
        given().get("/api/v1/sessions?status=PLANNED").then().statusCode(200);
        Map<String, Object> body = Fixtures.sessionBody(Fixtures.patient());
        body.put("chair", chair);
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        // Once the first one closes, the chair is free again.
        Fixtures.transition(first, "abort", Map.of("reason", "patient left")).statusCode(200);
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .body("chair", equalTo(chair));
        // Without a chair: null.
        given().get("/api/v1/sessions/" + Fixtures.session())
                .then()
                .statusCode(200)
                .body("chair", equalTo(null));
    }

    @Test
    void aBlankOrLongChairOnASessionIs400() {
        for (String chair : new String[] {" ", "x".repeat(33)}) {
            Map<String, Object> body = Fixtures.sessionBody(Fixtures.patient());
            body.put("chair", chair);
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/sessions")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("violations.field", hasItem("chair"));
        }
    }
}
