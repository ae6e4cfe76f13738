package org.infusiontracker.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.ledger.LedgerTest;
import org.junit.jupiter.api.Test;

/** The live stream: payloads, order, replay after a reconnect, clinic filtering, heartbeats. */
@QuarkusTest
class StreamTest {

    @TestHTTPResource("/api/v1/stream")
    URI stream;

    @Inject
    StreamHub hub;

    @Inject
    Vertx vertx;

    private final String clinic = "stream-" + UUID.randomUUID().toString().substring(0, 8);
    private final String bearer = TestTokens.bearer(TestTokens.token(clinic, "stream.nurse", "nurse", "physician"));

    private RequestSpecification as() {
        return given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    /** Opens a stream of this test's clinic and waits until the hub serves it. */
    private SseClient open(String bearerToken, String lastEventId) throws InterruptedException {
        return open(clinic, bearerToken, lastEventId);
    }

    private SseClient open(String clinicOfToken, String bearerToken, String lastEventId) throws InterruptedException {
        return SseClient.open(vertx, stream, bearerToken, lastEventId, hub, clinicOfToken);
    }

    /** A session in this test's clinic, dosing; returns its id. */
    private String session() {
        String patient = as().body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Streamed"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String session = as().body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as().body(Map.of("measuredAt", Fixtures.ago(15), "systolic", 120, "diastolic", 80))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201);
        as().body(Map.of("at", Fixtures.ago(10)))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200);
        return session;
    }

    @Test
    void everyKindOfEventArrivesWithItsPayloadInOrder() throws Exception {
        try (SseClient client = open(bearer, null)) {
            String session = session();
            String reading = as().body(Map.of("spo2", 93))
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String flag = as().get("/api/v1/sessions/" + session + "/flags")
                    .then()
                    .extract()
                    .path("[0].id");
            as().body(Map.of("note", "seen"))
                    .post("/api/v1/flags/" + flag + "/acknowledge")
                    .then()
                    .statusCode(200);
            String event = as().body(Map.of("type", "NAUSEA", "grade", 1))
                    .post("/api/v1/sessions/" + session + "/adverse-events")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            List<SseClient.Event> events = client.until(
                    seen -> seen.stream().anyMatch(e -> e.type().equals("adverse-event.recorded")),
                    Duration.ofSeconds(10));
            List<String> types = events.stream().map(SseClient.Event::type).toList();
            assertEquals(
                    List.of(
                            "session.created",
                            "vitals.recorded",
                            "session.updated",
                            "flag.raised",
                            "vitals.recorded",
                            "flag.acknowledged",
                            "flag.raised",
                            "adverse-event.recorded"),
                    types);
            assertTrue(
                    events.get(4).data().contains("\"id\":\"" + reading + "\""),
                    events.get(4).data());
            assertTrue(events.get(4).data().contains("\"flags\":["), "the reading carries its flags");
            assertTrue(
                    events.get(3).data().contains("\"ruleCode\":\"SPO2_LOW\""),
                    events.get(3).data());
            assertTrue(
                    events.get(5).data().contains("\"status\":\"ACKNOWLEDGED\""),
                    events.get(5).data());
            assertTrue(events.get(7).data().contains(event), events.get(7).data());
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).id() > events.get(i - 1).id(), "ids increase");
            }
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatItMissedInOrderAndNothingTwice() throws Exception {
        List<SseClient.Event> all;
        String session;
        try (SseClient first = open(bearer, null)) {
            session = session();
            for (int spo2 : new int[] {97, 98, 99}) {
                as().body(Map.of("spo2", spo2))
                        .post("/api/v1/sessions/" + session + "/vitals")
                        .then()
                        .statusCode(201);
            }
            all = first.until(
                    seen -> seen.stream().anyMatch(e -> e.data().contains("\"spo2\":99")), Duration.ofSeconds(10));
        }
        int at = all.size() - 3;
        List<SseClient.Event> lastThree = all.subList(at, all.size());
        assertEquals(
                List.of("vitals.recorded", "vitals.recorded", "vitals.recorded"),
                lastThree.stream().map(SseClient.Event::type).toList(),
                all.toString());
        try (SseClient again = open(bearer, Long.toString(all.get(at - 1).id()))) {
            List<SseClient.Event> missed = again.until(seen -> seen.size() >= 3, Duration.ofSeconds(10));
            assertEquals(lastThree, missed);
            as().body(Map.of("spo2", 96))
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(201);
            List<SseClient.Event> next = again.until(seen -> seen.size() >= 1, Duration.ofSeconds(10));
            assertEquals(1, next.size());
            assertEquals("vitals.recorded", next.get(0).type());
            assertTrue(next.get(0).id() > all.get(all.size() - 1).id());
        }
    }

    /** Issue 15: the evening count that disagrees with the book reaches the physician's screen at once. */
    @Test
    void aCountWithAVarianceReachesTheStreamAsACriticalDiscrepancy() throws Exception {
        String physician = TestTokens.bearer(TestTokens.token(clinic, "stream.physician", "physician"));
        String viewer = TestTokens.bearer(TestTokens.token(clinic, "stream.viewer", "viewer"));
        try (SseClient client = open(physician, null);
                SseClient wall = open(viewer, null)) {
            String container = as().body(LedgerTest.ketamineVial())
                    .post("/api/v1/controlled-substances/containers")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String count = as().header(
                            "Witness-Authorization",
                            TestTokens.bearer(TestTokens.token(clinic, "stream.witness", "nurse")))
                    .body(Map.of("kind", "COUNT", "countedMg", 490))
                    .post("/api/v1/controlled-substances/containers/" + container + "/entries")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            List<SseClient.Event> events = client.until(
                    seen -> seen.stream().anyMatch(e -> e.type().equals("ledger.discrepancy")), Duration.ofSeconds(10));
            SseClient.Event alert = events.get(events.size() - 1);
            assertEquals("ledger.discrepancy", alert.type());
            assertTrue(alert.data().contains("\"entryId\":\"" + count + "\""), alert.data());
            assertTrue(alert.data().contains("\"severity\":\"CRITICAL\""), alert.data());
            assertTrue(alert.data().contains("\"varianceMg\":-10"), alert.data());
            assertTrue(alert.data().contains("\"witness\":\"stream.witness\""), alert.data());
            // Viewers see nothing of the ledger: the wall's stream passes over the alert, and the
            // next event of the clinic still reaches it.
            String next = session();
            List<SseClient.Event> onTheWall =
                    wall.until(seen -> seen.stream().anyMatch(e -> e.data().contains(next)), Duration.ofSeconds(10));
            assertTrue(onTheWall.stream().anyMatch(e -> e.data().contains(next)), onTheWall.toString());
            assertTrue(
                    onTheWall.stream().noneMatch(e -> e.type().startsWith("ledger.")),
                    "a viewer's stream carries no ledger event: " + onTheWall);
        }
    }

    @Test
    void aStreamSeesOnlyItsOwnClinic() throws Exception {
        String otherBearer = TestTokens.bearer(TestTokens.token("other-" + clinic, "viewer.v", "viewer"));
        try (SseClient theirs = open("other-" + clinic, otherBearer, null)) {
            session();
            assertEquals(List.of(), theirs.until(seen -> false, Duration.ofMillis(2500)));
        }
    }

    @Test
    void anIdleStreamGetsHeartbeats() throws Exception {
        try (SseClient client = open(bearer, null)) {
            assertNotNull(client.comment(Duration.ofSeconds(5)), "a keep-alive comment within 5 s");
        }
    }

    @Test
    void aBadLastEventIdIs400() throws Exception {
        SseClient.refused(() -> as().header("Last-Event-ID", "yesterday")
                .accept("text/event-stream")
                .get("/api/v1/stream")
                .then()
                .statusCode(400));
    }
}
