package org.infusiontracker.board;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.DefaultTokenFilter;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wall board page: served without a token, and in headless Chromium a chair turns critical
 * without a reload when a nurse records a blood pressure spike through the API.
 */
@QuarkusTest
class WallBoardTest {

    private static final Path TARGET = Path.of("target", "board");

    @TestHTTPResource("/board")
    URL board;

    private final String clinic = "wall-" + UUID.randomUUID().toString().substring(0, 8);
    private final String viewer = TestTokens.token(clinic, "wall.screen", "viewer");

    /** Every request of a test (the fixtures' too) acts in this test's clinic, so the board shows only its chairs. */
    @BeforeEach
    void asANurseOfThisClinic() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader(
                        "Authorization",
                        TestTokens.bearer(TestTokens.token(clinic, "wall.nurse", "nurse", "physician")))
                .build();
    }

    @AfterEach
    void asBefore() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void thePageIsServedWithoutATokenAndRunsOnlyItsOwnScripts() {
        given().header(DefaultTokenFilter.NO_TOKEN, "")
                .redirects()
                .follow(false)
                .get("/board")
                .then()
                .statusCode(302)
                .header("Location", equalTo("/board/"));
        given().header(DefaultTokenFilter.NO_TOKEN, "")
                .get("/board/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo("default-src 'self'"))
                .body(containsString("<script type=\"module\" src=\"/board/board.js\">"));
        for (String module : new String[] {"board.js", "render.js", "sse.js"}) {
            given().header(DefaultTokenFilter.NO_TOKEN, "")
                    .get("/board/" + module)
                    .then()
                    .statusCode(200)
                    .contentType(containsString("javascript"));
        }
    }

    @Test
    void aChairTurnsCriticalOnTheScreenWhenANurseRecordsABloodPressureSpike() throws Exception {
        Path executable = chromiumOrSkip();
        String spiking = chair("Ada Spike", Fixtures.NORMAL_VITALS);
        chair("Ben Calm", Fixtures.NORMAL_VITALS);
        chair("Cleo Low", Map.of("systolic", 96, "diastolic", 60, "heartRate", 88, "spo2", 95));
        chair("Dev Waiting", null);
        Files.createDirectories(TARGET);

        try (Chromium chromium = Chromium.start(executable, TARGET.resolve("chromium.log"))) {
            chromium.viewport(1920, 1080);
            chromium.open(board + "#token=" + viewer);
            String chair = "document.querySelector('[data-session-id=\"" + spiking + "\"]')";
            // The first load may be slow on a busy machine (the browser's start included).
            awaitTrue(
                    chromium,
                    chair + " !== null && document.getElementById('connection').dataset.state === 'live'",
                    Duration.ofSeconds(15));
            assertEquals("NONE", chromium.evaluate(chair + ".dataset.severity").asText());
            assertEquals(
                    "",
                    chromium.evaluate("location.hash + location.search").asText(),
                    "the token leaves the address bar");

            // A reload would lose this marker: the chair must change in the page as it is.
            chromium.evaluate("window.notReloaded = true");
            Fixtures.recordVitals(spiking, Map.of("systolic", 200, "diastolic", 120))
                    .statusCode(201);
            awaitTrue(
                    chromium,
                    chair + ".dataset.severity === 'CRITICAL' && window.notReloaded === true",
                    Duration.ofSeconds(2));
            String card = chromium.evaluate(chair + ".textContent").asText();
            assertTrue(card.contains("Critical") && card.contains("200/120") && !card.contains("null"), card);
            assertEquals(
                    false,
                    chromium.evaluate("document.getElementById('token-form').checkVisibility()")
                            .asBoolean());
            assertEquals(
                    spiking,
                    chromium.evaluate("document.querySelector('.chair').dataset.sessionId")
                            .asText(),
                    "the most urgent chair comes first");

            chromium.screenshot(TARGET.resolve("board-1920x1080.png"));
            chromium.viewport(1024, 768);
            awaitTrue(chromium, "document.documentElement.scrollWidth <= 1024", Duration.ofSeconds(2));
            chromium.screenshot(TARGET.resolve("board-1024x768.png"));
            assertEquals(java.util.List.of(), chromium.errors(), "console errors");
        }
    }

    @Test
    void anExpiredTokenIsShownOnTheScreenAndAskedForAgain() throws Exception {
        Path executable = chromiumOrSkip();
        chair("Eve Expiring", null);
        String shortLived = TestTokens.token(Duration.ofSeconds(6), clinic, "wall.screen", "viewer");
        Files.createDirectories(TARGET);

        try (Chromium chromium = Chromium.start(executable, TARGET.resolve("chromium-expiry.log"))) {
            chromium.open(board + "#token=" + shortLived);
            awaitTrue(
                    chromium, "document.getElementById('connection').dataset.state === 'live'", Duration.ofSeconds(15));
            // The stream ends with stream.closed when the token expires.
            awaitTrue(
                    chromium,
                    "document.getElementById('connection').dataset.state === 'expired'"
                            + " && document.getElementById('token-form').checkVisibility()",
                    Duration.ofSeconds(15));
            assertTrue(chromium.evaluate("document.getElementById('connection').textContent")
                    .asText()
                    .contains("expired"));
            assertEquals(java.util.List.of(), chromium.errors(), "console errors");
        }
    }

    private static Path chromiumOrSkip() {
        Optional<Path> executable = Chromium.executable();
        assumeTrue(
                executable.isPresent(),
                "Chromium is not installed (apt-get install chromium, or set CHROMIUM): the browser test is skipped; .ci/run installs it");
        return executable.get();
    }

    /** An open chair of this clinic: dosing for 20 minutes with these vitals, or (none) planned. */
    private String chair(String name, Map<String, Object> vitals) {
        String patient = given().contentType("application/json")
                .body(Map.of("mrn", Fixtures.newMrn(), "displayName", name))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String session = Fixtures.session(patient);
        if (vitals != null) {
            Fixtures.startDosing(session, Map.of("at", Fixtures.ago(20))).statusCode(200);
            Fixtures.recordVitals(session, vitals).statusCode(201);
        }
        return session;
    }

    /** Polls the page until the expression is true, for at most {@code within}. */
    private static void awaitTrue(Chromium chromium, String expression, Duration within) throws Exception {
        Instant until = Instant.now().plus(within);
        // Until the page has loaded, its elements are missing: not true yet.
        String guarded = "(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()";
        while (!chromium.evaluate(guarded).asBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError(
                        "not true within " + within + ": " + expression + "\nconsole errors: " + chromium.errors());
            }
            Thread.sleep(50);
        }
    }
}
