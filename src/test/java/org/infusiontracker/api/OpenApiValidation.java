package org.infusiontracker.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Checks every answer that a test receives through REST Assured against the OpenAPI document the
 * running test instance serves at {@code /q/openapi}: status, content type, headers and body. Only
 * answers are checked: tests send invalid requests on purpose, and what matters is that the answer
 * to them is documented. Installed for every {@code @QuarkusTest} by
 * {@link org.infusiontracker.DefaultTokenFilter}.
 */
public final class OpenApiValidation implements Filter {

    public static final OpenApiValidation FILTER = new OpenApiValidation();

    /** One validator per running instance (its base address), built from the document it serves. */
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    /**
     * How many answers were checked; {@link Tally} tells it when the tests have run. Kept in the
     * system properties because the tests' classes are loaded twice (by JUnit and by Quarkus).
     */
    private static AtomicInteger checked() {
        return (AtomicInteger) System.getProperties().computeIfAbsent("openapi.checked", k -> new AtomicInteger());
    }

    /** Registered in META-INF/services: prints how many answers were checked against the document. */
    public static final class Tally implements TestExecutionListener {
        @Override
        public void testPlanExecutionFinished(TestPlan plan) {
            if (checked().get() > 0) {
                System.out.println("OpenAPI: " + checked().get() + " answers checked against the document");
            }
        }
    }

    private OpenApiValidation() {}

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
        Response answer = context.next(request, response);
        URI uri = URI.create(request.getURI());
        String path = uri.getRawPath();
        // The framework's own endpoints (health, metrics, the document itself) are not part of the API.
        if (!path.startsWith("/api/")) {
            return answer;
        }
        // The stream's 200 is an endless text/event-stream, not one body a schema can check (its
        // events are described in the document); its refusals are problem+json and are checked.
        if (path.equals("/api/v1/stream") && answer.statusCode() == 200) {
            return answer;
        }
        String base = uri.getScheme() + "://" + uri.getAuthority();
        ValidationReport report = validator(base)
                .validateResponse(
                        path,
                        Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT)),
                        RestAssuredResponse.of(answer));
        checked().incrementAndGet();
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .toList();
        if (errors.isEmpty() || routingError(errors, answer)) {
            return answer;
        }
        throw new AssertionError("The answer to " + request.getMethod() + " " + path + " (" + answer.statusCode()
                + ") breaks the OpenAPI document:\n"
                + errors.stream().map(OpenApiValidation::describe).collect(Collectors.joining("\n"))
                + "\nBody: " + answer.asString());
    }

    /**
     * A request to a path or with a method that the API does not have has no operation to document
     * its answer: it passes when it is the 404 or 405 problem that such requests get.
     */
    private static boolean routingError(List<ValidationReport.Message> errors, Response answer) {
        boolean unrouted = errors.stream()
                .allMatch(m -> m.getKey().equals("validation.request.path.missing")
                        || m.getKey().equals("validation.request.operation.notAllowed"));
        return unrouted
                && (answer.statusCode() == 404 || answer.statusCode() == 405)
                && answer.contentType().startsWith(Problem.MEDIA_TYPE);
    }

    private static String describe(ValidationReport.Message message) {
        return "  " + message.getKey() + ": " + message.getMessage()
                + (message.getAdditionalInfo().isEmpty() ? "" : " " + message.getAdditionalInfo());
    }

    public static OpenApiInteractionValidator validator(String base) {
        return VALIDATORS.computeIfAbsent(base, b -> build(fetch(b + "/q/openapi?format=json")));
    }

    /** A validator of answers against {@code document}, strict about fields the document does not name. */
    public static OpenApiInteractionValidator build(String document) {
        return OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        // A field in an answer that the document does not describe is drift too.
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .build())
                .build();
    }

    private static String fetch(String address) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(address + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
