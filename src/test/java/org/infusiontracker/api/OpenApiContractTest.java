package org.infusiontracker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The document is the contract, and the check of every answer against it (see
 * {@link OpenApiValidation}) does catch drift: answers that the document does not allow are
 * reported. Fed by hand here, since the service itself gives only documented answers.
 */
@QuarkusTest
class OpenApiContractTest {

    @TestHTTPResource("/")
    URI root;

    private static final String PATIENT = "/api/v1/patients/" + UUID.randomUUID();

    private static final String A_PATIENT = """
            {"id":"%s","mrn":"MRN-1","displayName":"J. D.","birthYear":null,"weightKg":72.5,
             "riskFactors":[],"contraindications":[],"createdAt":"2026-11-26T10:00:00Z"}""".formatted(UUID.randomUUID());

    private OpenApiInteractionValidator validator() {
        return OpenApiValidation.validator(root.getScheme() + "://" + root.getAuthority());
    }

    private Set<String> errors(String path, Request.Method method, SimpleResponse response) {
        return validator().validateResponse(path, method, response).getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(ValidationReport.Message::getKey)
                .collect(Collectors.toSet());
    }

    private static SimpleResponse.Builder json(int status, String body) {
        return SimpleResponse.Builder.status(status)
                .withContentType("application/json")
                .withHeader("X-Request-Id", "req-00000001")
                .withBody(body);
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertEquals(
                Set.of(),
                errors(PATIENT, Request.Method.GET, json(200, A_PATIENT).build()));
    }

    @Test
    void anUndocumentedStatusIsCaught() {
        assertTrue(errors(PATIENT, Request.Method.GET, json(418, "{}").build())
                .contains("validation.response.status.unknown"));
    }

    @Test
    void aMissingRequiredFieldIsCaught() {
        String withoutMrn = A_PATIENT.replace("\"mrn\":\"MRN-1\",", "");
        assertTrue(errors(PATIENT, Request.Method.GET, json(200, withoutMrn).build())
                .contains("validation.response.body.schema.required"));
    }

    @Test
    void aNullInAFieldThatIsNeverNullIsCaught() {
        String nullName = A_PATIENT.replace("\"J. D.\"", "null");
        assertFalse(
                errors(PATIENT, Request.Method.GET, json(200, nullName).build()).isEmpty());
    }

    @Test
    void anUndocumentedFieldIsCaught() {
        String extra = A_PATIENT.replace("{", "{\"nickname\":\"Jo\",");
        assertTrue(errors(PATIENT, Request.Method.GET, json(200, extra).build())
                .contains("validation.response.body.schema.additionalProperties"));
    }

    @Test
    void anErrorThatIsNotAProblemIsCaught() {
        SimpleResponse plain = SimpleResponse.Builder.status(404)
                .withContentType("text/plain")
                .withHeader("X-Request-Id", "req-00000001")
                .withBody("not found")
                .build();
        assertTrue(errors(PATIENT, Request.Method.GET, plain).contains("validation.response.contentType.notAllowed"));
    }

    @Test
    void aCreateWithoutLocationIsCaught() {
        SimpleResponse noLocation = json(201, A_PATIENT).build();
        assertTrue(errors("/api/v1/patients", Request.Method.POST, noLocation)
                .contains("validation.response.header.missing"));
    }

    @Test
    void theDocumentIsOpenApi30WithOneIdPerOperation() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("paths.'/api/v1/sessions/{sessionId}/vitals'.post.operationId", equalTo("recordReading"))
                .body(
                        "paths.'/api/v1/sessions/{id}/discharge'.post.responses.'409'.content.'application/problem+json'",
                        notNullValue());
    }

    @Test
    void everyAnswerIsCheckedIncludingDeliberateErrors() {
        // Through the global filter: a 400 for a bad body is a documented answer too.
        given().contentType(ContentType.JSON)
                .body("{\"mrn\": 5}")
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }
}
