package org.infusiontracker.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A planned dose must be plausible for its drug: esketamine is one to three 28 mg nasal devices,
 * ketamine by weight 0.05 to 2.0 mg/kg. Anything else is 400 naming the field, and nothing is stored.
 */
@QuarkusTest
class DosePlausibilityTest {

    private static ValidatableResponse plan(String patient, String drug, String route, Object amount, String unit) {
        Map<String, Object> body = Fixtures.sessionBody(patient);
        body.put("drug", drug);
        body.put("route", route);
        if (amount == null) {
            body.remove("plannedDose");
        } else {
            body.put("plannedDose", Map.of("amount", amount, "unit", unit));
        }
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then();
    }

    private static void nothingStoredFor(String patient) {
        given().queryParam("patientId", patient)
                .get("/api/v1/sessions")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} is planned")
    @CsvSource({
        "KETAMINE, IV, 0.05, MG_PER_KG",
        "KETAMINE, IV, 2.0, MG_PER_KG",
        "KETAMINE, IM, 0.5, MG_PER_KG",
        "KETAMINE, IV, 35, MG",
        "ESKETAMINE, INTRANASAL, 28, MG",
        "ESKETAMINE, INTRANASAL, 56, MG",
        "ESKETAMINE, INTRANASAL, 84, MG",
        "ESKETAMINE, INTRANASAL, 56.000, MG",
    })
    void plausibleDosesArePlanned(String drug, String route, String amount, String unit) {
        String patient = Fixtures.patient();
        double planned = plan(patient, drug, route, Double.valueOf(amount), unit)
                .statusCode(201)
                .body("drug", equalTo(drug))
                .body("route", equalTo(route))
                .body("plannedDose.unit", equalTo(unit))
                .extract()
                .jsonPath()
                .getDouble("plannedDose.amount");
        assertEquals(Double.parseDouble(amount), planned);
    }

    @Test
    void esketamineWithoutAPlannedDoseIsPlanned() {
        plan(Fixtures.patient(), "ESKETAMINE", "INTRANASAL", null, null).statusCode(201);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}: 400 naming {4}")
    @CsvSource({
        "KETAMINE, IV, 0.04, MG_PER_KG, plannedDose.amount",
        "KETAMINE, IV, 2.01, MG_PER_KG, plannedDose.amount",
        "KETAMINE, IV, 35, MG_PER_KG, plannedDose.amount",
        "ESKETAMINE, INTRANASAL, 27, MG, plannedDose.amount",
        "ESKETAMINE, INTRANASAL, 29, MG, plannedDose.amount",
        "ESKETAMINE, INTRANASAL, 60, MG, plannedDose.amount",
        "ESKETAMINE, INTRANASAL, 56.5, MG, plannedDose.amount",
        "ESKETAMINE, IV, 56, MG, route",
        "ESKETAMINE, IM, 56, MG, route",
        "ESKETAMINE, INTRANASAL, 0.5, MG_PER_KG, plannedDose.unit",
        "ESKETAMINE, INTRANASAL, 56, MG_PER_KG, plannedDose.unit",
    })
    void implausibleDosesAreRefusedNamingTheFieldAndNothingIsStored(
            String drug, String route, String amount, String unit, String field) {
        String patient = Fixtures.patient();
        plan(patient, drug, route, Double.valueOf(amount), unit)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", contains(field));
        nothingStoredFor(patient);
    }

    @Test
    void esketamineByIvWithoutAPlannedDoseIsRefused() {
        String patient = Fixtures.patient();
        plan(patient, "ESKETAMINE", "IV", null, null).statusCode(400).body("violations.field", contains("route"));
        nothingStoredFor(patient);
    }

    @Test
    void everyImplausibleFieldIsNamedAtOnce() {
        String patient = Fixtures.patient();
        plan(patient, "ESKETAMINE", "IV", 60, "MG")
                .statusCode(400)
                .body("violations.field", containsInAnyOrder("route", "plannedDose.amount"));
        nothingStoredFor(patient);
    }
}
