package org.infusiontracker.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.api.Problem;
import org.junit.jupiter.api.Test;

/**
 * What bounds a stream: its token's expiry, the retention of replay, the number one person may
 * hold, the audit row of each opening, and the event loop it must not block.
 */
@QuarkusTest
class StreamLimitsTest {

    @TestHTTPResource("/api/v1/stream")
    URI stream;

    @Inject
    StreamHub hub;

    @Inject
    StreamEventPrune prune;

    @Inject
    AgroalDataSource db;

    @Inject
    Vertx vertx;

    private final String clinic = "limits-" + UUID.randomUUID().toString().substring(0, 8);
    private final String bearer = TestTokens.bearer(TestTokens.token(clinic, "limits.nurse", "nurse", "physician"));

    private RequestSpecification as() {
        return given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    /** Opens a stream of this test's clinic and waits until the hub serves it. */
    private SseClient open(String bearerToken, String lastEventId) throws InterruptedException {
        return SseClient.open(vertx, stream, bearerToken, lastEventId, hub, clinic);
    }

    /** A session of this test's clinic (it publishes session.created); returns its id. */
    private String session() {
        String patient = as().body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Bounded"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return as().body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Writes an event of this clinic as if published at {@code at}; returns its id. */
    private long eventAt(Instant at) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "insert into stream_event (clinic_id, type, payload, created_at) values (?, 'session.updated', '{}', ?) returning id")) {
            insert.setString(1, clinic);
            insert.setObject(2, at.atOffset(ZoneOffset.UTC));
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private boolean exists(long event) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("select 1 from stream_event where id = ?")) {
            q.setLong(1, event);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    private long newest() throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement q =
                        c.prepareStatement("select coalesce(max(id), 0) from stream_event where clinic_id = ?")) {
            q.setString(1, clinic);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void theStreamEndsWhenItsTokenExpiresAndSaysWhyFirst() throws Exception {
        String shortLived = TestTokens.bearer(TestTokens.token(Duration.ofSeconds(2), clinic, "brief.nurse", "nurse"));
        try (SseClient client = open(shortLived, null)) {
            List<SseClient.Event> events = client.until(
                    seen -> seen.stream().anyMatch(e -> e.type().equals(StreamHub.CLOSED)), Duration.ofSeconds(10));
            assertEquals(1, events.size(), events.toString());
            assertEquals(StreamHub.CLOSED, events.get(0).type());
            assertEquals("{\"reason\":\"token-expired\"}", events.get(0).data());
            assertEquals(SseClient.NO_ID, events.get(0).id(), "the closing event moves no cursor");
            assertTrue(client.endedWithin(Duration.ofSeconds(5)), "the server ends the stream");
        }
    }

    @Test
    void openingAStreamIsAuditedWithTheCursorAskedFor() throws Exception {
        session();
        String cursor = Long.toString(newest());
        try (SseClient client = open(bearer, cursor)) {
            as().queryParam("entity", "stream")
                    .get("/api/v1/audit")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items[0].action", equalTo("OPEN"))
                    .body("items[0].entityId", equalTo(clinic))
                    .body("items[0].actor", equalTo("limits.nurse"))
                    .body("items[0].detail.lastEventId", equalTo(cursor));
        }
    }

    @Test
    void aCursorOlderThanTheRetentionGetsAResetAndThenOnlyLiveEvents() throws Exception {
        long old = eventAt(Instant.now().minus(Duration.ofHours(25)));
        String session = session();
        long head = newest();
        try (SseClient client = open(bearer, Long.toString(old))) {
            List<SseClient.Event> first = client.until(seen -> !seen.isEmpty(), Duration.ofSeconds(10));
            assertEquals(List.of(new SseClient.Event(head, StreamHub.RESET, "{\"reason\":\"cursor-too-old\"}")), first);
            as().body(Map.of("measuredAt", Fixtures.ago(5), "systolic", 120, "diastolic", 80))
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(201);
            List<SseClient.Event> live = client.until(seen -> !seen.isEmpty(), Duration.ofSeconds(10));
            assertEquals(1, live.size(), "the history after the old cursor is not replayed: " + live);
            assertEquals("vitals.recorded", live.get(0).type());
            assertTrue(live.get(0).id() > head);
        }
    }

    @Test
    void lastEventIdZeroDoesNotReplayTheClinicsHistory() throws Exception {
        session();
        long head = newest();
        try (SseClient client = open(bearer, "0")) {
            List<SseClient.Event> events = client.until(seen -> seen.size() > 1, Duration.ofSeconds(3));
            assertEquals(
                    List.of(new SseClient.Event(head, StreamHub.RESET, "{\"reason\":\"cursor-too-old\"}")), events);
        }
    }

    @Test
    void thePruneDeletesEventsOlderThanTheRetentionAndKeepsTheRest() throws Exception {
        long expired = eventAt(Instant.now().minus(Duration.ofHours(25)));
        long kept = eventAt(Instant.now().minus(Duration.ofHours(23)));
        assertTrue(prune.removeExpired() >= 1);
        assertFalse(exists(expired));
        assertTrue(exists(kept));
    }

    @Test
    void oneMoreStreamThanAPersonMayHoldIs429UntilOneCloses() throws Exception {
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                streams.add(open(bearer, null));
            }
            int held = hub.openStreams(clinic);
            assertEquals(5, held, "the five streams are served");
            try (SseClient sixth = new SseClient(vertx, stream, bearer, null)) {
                assertEquals(429, sixth.status());
            }
            SseClient.refused(() -> given().header("Authorization", bearer)
                    .accept("text/event-stream")
                    .get("/api/v1/stream")
                    .then()
                    .statusCode(429)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("Retry-After", equalTo("1")));
            String colleague = TestTokens.bearer(TestTokens.token(clinic, "limits.colleague", "viewer"));
            streams.add(open(colleague, null));

            streams.remove(0).close();
            SseClient.awaitOpenStreams(hub, clinic, n -> n <= held);
            SseClient again = new SseClient(vertx, stream, bearer, null);
            streams.add(again);
            SseClient.awaitOpenStreams(hub, clinic, n -> n > held);
            assertEquals(held + 1, hub.openStreams(clinic), "a closed stream gives its place back");
            assertEquals(200, again.status());
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void openingReadsTheDatabaseOnAWorkerThreadNeverOnTheEventLoop() throws Exception {
        // The resource runs opening on a worker (all the stream tests open streams through it);
        // on an event-loop thread opening refuses to start, so a resource that lost its @Blocking fails.
        CompletableFuture<Throwable> onEventLoop = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(nothing -> {
            try {
                hub.begin(clinic, null, null);
                onEventLoop.complete(null);
            } catch (Throwable e) {
                onEventLoop.complete(e);
            }
        });
        Throwable refused = onEventLoop.get(10, TimeUnit.SECONDS);
        assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
        try (SseClient client = open(bearer, null)) {
            as().queryParam("entity", "stream")
                    .get("/api/v1/audit")
                    .then()
                    .statusCode(200)
                    .body("items.action", hasItem("OPEN"));
            assertEquals(200, client.status());
        }
    }
}
