package org.infusiontracker.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/** Sessions carry a version: GET gives it as an ETag, and transitions refuse a stale If-Match with 412. */
@QuarkusTest
class IfMatchTest {

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        String session = Fixtures.session();
        Fixtures.preDoseBloodPressure(session, Fixtures.ago(1));
        String etag = given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"")
                .extract()
                .header("ETag");
        given().header("If-Match", "\"7\"")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        given().get("/api/v1/sessions/" + session).then().body("status", equalTo("PLANNED"));
        given().header("If-Match", etag)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"");
        given().header("If-Match", etag)
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "x"))
                .post("/api/v1/sessions/" + session + "/abort")
                .then()
                .statusCode(412);
    }

    /** RFC 9110 asks If-Match for a strong comparison: a weak tag of the current version is 412. */
    @Test
    void aWeakTagNeverMatchesAndStarDoes() {
        String session = Fixtures.session();
        Fixtures.preDoseBloodPressure(session, Fixtures.ago(1));
        given().header("If-Match", "W/\"0\"")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        given().get("/api/v1/sessions/" + session).then().body("status", equalTo("PLANNED"));
        given().header("If-Match", "W/\"0\", \"0\"")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200);
        given().header("If-Match", "*")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/sessions/" + session + "/end-dosing")
                .then()
                .statusCode(200);
    }
}
