package org.infusiontracker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksTheDatabase() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void openApiDescribesThePathsAndRecords() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/sessions/{sessionId}/vitals'.post.summary", notNullValue())
                .body("paths.'/api/v1/sessions/{id}/discharge'.post.summary", notNullValue())
                .body("components.schemas.RecordReading.properties.systolic.maximum", equalTo(300))
                .body("components.schemas.SessionView", notNullValue());
    }

    @Test
    void metricsAreExposedForPrometheusOnTheManagementPortOnly() {
        given().get("/api/v1/patients");
        org.junit.jupiter.api.Assertions.assertTrue(
                Fixtures.metrics().contains("http_server_requests_seconds_count"), "Prometheus text expected");
        given().get("/q/metrics").then().statusCode(404);
    }
}
