package org.infusiontracker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever a client sends, the answer is problem+json with the right status, and never leaks internals. */
@QuarkusTest
class ErrorAnswersTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /api/v1/nothing-here, 404",
        "GET, /api/v1/sessions/not-a-uuid, 404",
        "DELETE, /api/v1/patients, 405",
        "PUT, /api/v1/sessions, 405",
        "DELETE, /api/v1/sessions/00000000-0000-0000-0000-000000000000/vitals, 405",
        "PATCH, /api/v1/sessions/00000000-0000-0000-0000-000000000000/adverse-events, 405",
    })
    void routingErrorsAreProblems(String method, String path, int status) {
        given().contentType(ContentType.JSON)
                .body("{}")
                .request(method, path)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "/api/v1/audit, page, abc",
        "/api/v1/sessions, size, 0",
        "/api/v1/flags, size, 201",
        "/api/v1/patients, page, -1",
        "/api/v1/sessions, page, 99999999999999999999"
    })
    void aBadPageOrSizeIs400NamingIt(String path, String parameter, String value) {
        given().queryParam(parameter, value)
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.contains(parameter));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON)
                .body("{\"mrn\": \"A-1\", ")
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void aJsonArrayWhereAnObjectBelongsIs400() {
        given().contentType(ContentType.JSON)
                .body("[1, 2]")
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anEmptyBodyIs400() {
        given().contentType(ContentType.JSON)
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aWrongContentTypeIs415AndStoresNothing() {
        String mrn = Fixtures.newMrn();
        given().contentType(ContentType.TEXT)
                .body("mrn=" + mrn)
                .post("/api/v1/patients")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().queryParam("mrn", mrn).get("/api/v1/patients").then().body("total", equalTo(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a number too big for its field | {\"spo2\":99999999999999999999}",
                "a negative huge number | {\"systolic\":-1e308,\"diastolic\":80}",
                "an object where a number belongs | {\"spo2\":{\"value\":97}}",
                "a list where an object belongs | {\"spo2\":[97]}",
                "null for a value | {\"spo2\":null}",
                "a string where a time belongs | {\"spo2\":97,\"measuredAt\":12}",
                "JSON null as the body | null",
                "a bare string as the body | \"97\"",
            })
    void oddBodiesAre400NotServerErrors(String why, String json) {
        String session = Fixtures.dosingSession(5);
        given().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(0, Fixtures.readingCount(session));
    }

    @Test
    void aVeryLongStringIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("mrn", "M".repeat(5000), "displayName", "x"))
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("mrn"));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"mrn\":\"" + "x".repeat(70_000) + "\",\"displayName\":\"x\"}";
        given().contentType(ContentType.JSON)
                .body(big)
                .post("/api/v1/patients")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void validationProblemsListEveryBadField() {
        String session = Fixtures.dosingSession(5);
        given().contentType(ContentType.JSON)
                .body("{\"systolic\":900,\"diastolic\":10,\"spo2\":140}")
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(400)
                .body("type", notNullValue())
                .body("title", equalTo("Invalid request"))
                .body("violations.size()", equalTo(3))
                .body("violations.field", org.hamcrest.Matchers.containsInAnyOrder("systolic", "diastolic", "spo2"));
    }

    @Test
    void noAnswerCarriesAJavaClassNameOrStackTrace() {
        String body = given().contentType(ContentType.JSON)
                .body("{\"spo2\":\"high\",\"consciousness\":7}")
                .post("/api/v1/sessions/" + UUID.randomUUID() + "/vitals")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        for (String leak : new String[] {"java.", "com.fasterxml", "org.", "Exception", "\tat "}) {
            assertEquals(-1, body.indexOf(leak), () -> "answer leaks '" + leak + "': " + body);
        }
    }

    @Test
    void everyAnswerCarriesTheServersOwnRequestIdAndEchoesAGivenOneApart() {
        given().get("/api/v1/patients/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .header(RequestLogFilter.HEADER, matchesPattern("[0-9a-f-]{36}"))
                .header(RequestLogFilter.CLIENT_HEADER, nullValue())
                .body("requestId", notNullValue());
        given().header(RequestLogFilter.HEADER, "tablet-7.req-0042")
                .get("/api/v1/patients/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .header(RequestLogFilter.HEADER, matchesPattern("[0-9a-f-]{36}"))
                .header(RequestLogFilter.CLIENT_HEADER, equalTo("tablet-7.req-0042"))
                .body("requestId", not(equalTo("tablet-7.req-0042")));
        given().header(RequestLogFilter.HEADER, "bad id with spaces")
                .get("/api/v1/patients")
                .then()
                .header(RequestLogFilter.HEADER, allOf(notNullValue(), not(containsString(" "))))
                .header(RequestLogFilter.CLIENT_HEADER, nullValue());
    }
}
