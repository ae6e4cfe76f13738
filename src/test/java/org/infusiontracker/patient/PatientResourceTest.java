package org.infusiontracker.patient;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class PatientResourceTest {

    private static Map<String, Object> body(String mrn) {
        Map<String, Object> body = new HashMap<>();
        body.put("mrn", mrn);
        body.put("displayName", "J. D.");
        body.put("birthYear", 1980);
        body.put("weightKg", 72.5);
        body.put("riskFactors", List.of("HYPERTENSION", "SUBSTANCE_USE_HISTORY"));
        body.put("contraindications", List.of());
        return body;
    }

    @Test
    void createsReadsAndFindsByMrn() {
        String mrn = Fixtures.newMrn();
        String id = given().contentType(ContentType.JSON)
                .body(body(mrn))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .header("Location", startsWith("http"))
                .body("id", notNullValue())
                .body("mrn", equalTo(mrn))
                .body("weightKg", is(72.5f))
                .body("riskFactors", contains("HYPERTENSION", "SUBSTANCE_USE_HISTORY"))
                .body("contraindications", empty())
                .extract()
                .path("id");

        given().get("/api/v1/patients/" + id)
                .then()
                .statusCode(200)
                .body("displayName", equalTo("J. D."))
                .body("birthYear", equalTo(1980));

        given().queryParam("mrn", mrn)
                .get("/api/v1/patients")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", contains(id));
    }

    @Test
    void unknownMrnIsAnEmptyListNotA404() {
        given().queryParam("mrn", "NO-SUCH-" + UUID.randomUUID())
                .get("/api/v1/patients")
                .then()
                .statusCode(200)
                .body("items", empty())
                .body("total", equalTo(0));
    }

    @Test
    void anMrnLongerThanAnyIsRefusedNamingTheField() {
        given().queryParam("mrn", "M".repeat(65))
                .get("/api/v1/patients")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("mrn"));
        given().queryParam("mrn", "M".repeat(64)).get("/api/v1/patients").then().statusCode(200);
    }

    @Test
    void listPagesThroughPatients() {
        Fixtures.patient();
        Fixtures.patient();
        given().queryParam("size", 1)
                .queryParam("page", 1)
                .get("/api/v1/patients")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("page", equalTo(1))
                .body("size", equalTo(1));
    }

    @Test
    void duplicateMrnIsAConflictAndStoresNothingNew() {
        String mrn = Fixtures.newMrn();
        given().contentType(ContentType.JSON)
                .body(body(mrn))
                .post("/api/v1/patients")
                .then()
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body(body(mrn))
                .post("/api/v1/patients")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().queryParam("mrn", mrn).get("/api/v1/patients").then().body("total", equalTo(1));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "weightKg, 0.4",
        "weightKg, 400.5",
        "birthYear, 1800",
        "birthYear, 2999",
        "mrn, ''",
        "displayName, ''",
    })
    void impossibleValuesAreRefusedAndNothingIsStored(String field, String value) {
        String mrn = Fixtures.newMrn();
        Map<String, Object> body = body(mrn);
        Object parsed = value.isEmpty()
                ? ""
                : value.contains(".") ? (Object) Double.valueOf(value) : (Object) Integer.valueOf(value);
        body.put(field, parsed);
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem(field));
        given().queryParam("mrn", mrn).get("/api/v1/patients").then().body("total", equalTo(0));
    }

    @Test
    void unknownRiskFactorIsRefusedNamingTheField() {
        Map<String, Object> body = body(Fixtures.newMrn());
        body.put("riskFactors", List.of("HYPERTENSION", "TIREDNESS"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("riskFactors[1]"));
    }

    @Test
    void unknownPatientIs404() {
        given().get("/api/v1/patients/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Not found"));
    }
}
