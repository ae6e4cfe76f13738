package org.infusiontracker.webhooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.escalation.Escalation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks: admins configure them (never reading the secret back), the outbox is written in the
 * transaction of the event, and the worker delivers signed the Standard Webhooks way, retrying with
 * backoff and recording each attempt. A local receiver fails the first attempts. Each test works in
 * a clinic of its own, so that no other test's events reach its receivers.
 */
@QuarkusTest
class WebhookTest {

    static final String SECRET = "a-secret-of-the-clinic-0123456789";

    @Inject
    WebhookSender sender;

    @Inject
    Escalation escalation;

    @Inject
    DataSource database;

    @Inject
    ObjectMapper json;

    /** What the local receiver was sent. */
    record Received(Map<String, List<String>> headers, String body) {}

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    String clinic;

    @BeforeEach
    void startReceiverInAClinicOfItsOwn() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        clinic = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader(
                        "Authorization",
                        TestTokens.bearer(TestTokens.token(clinic, "wh.user", "nurse", "physician", "admin")))
                .build();
    }

    @AfterEach
    void stopReceiver() {
        RestAssured.requestSpecification = null;
        receiver.stop(0);
    }

    String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    static io.restassured.response.ValidatableResponse put(String name, Object url, Object events) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", url, "secret", SECRET, "events", events))
                .put("/api/v1/webhooks/" + name)
                .then();
    }

    static String signature(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1,"
                + Base64.getEncoder()
                        .encodeToString(
                                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static String header(Received r, String name) {
        return r.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow()
                .getValue()
                .get(0);
    }

    @Test
    void aWebhookIsPutAndReadWithoutItsSecret() {
        put("pager", hookUrl(), List.of("flag.escalated"))
                .statusCode(201)
                .body("name", equalTo("pager"))
                .body("url", equalTo(hookUrl()))
                .body("events", contains("flag.escalated"))
                .body("$", not(hasKey("secret")));
        put("pager", hookUrl(), List.of("flag.escalated", "flag.raised"))
                .statusCode(200)
                .body("events", contains("flag.escalated", "flag.raised"));
        given().get("/api/v1/webhooks/pager")
                .then()
                .statusCode(200)
                .body("$", not(hasKey("secret")))
                .body("updatedBy", equalTo("wh.user"));
        given().get("/api/v1/webhooks/nobody").then().statusCode(404);
        given().get("/api/v1/webhooks/nobody/deliveries").then().statusCode(404);
    }

    @Test
    void aWebhookNeedsAnHttpAddressKnownEventsAndAName() {
        put("pager", "ftp://pager.example/hook", List.of("flag.escalated"))
                .statusCode(400)
                .body("violations.field", contains("url"));
        put("pager", "pager.example/hook", List.of("flag.escalated"))
                .statusCode(400)
                .body("violations.field", contains("url"));
        put("pager", hookUrl(), List.of("flag.escalated", "flag.exploded"))
                .statusCode(400)
                .body("violations.field", contains("events[1]"));
        put("pager", hookUrl(), List.of()).statusCode(400).body("violations.field", contains("events"));
        given().contentType(ContentType.JSON)
                .body(Map.of("url", hookUrl(), "secret", "short", "events", List.of("flag.raised")))
                .put("/api/v1/webhooks/pager")
                .then()
                .statusCode(400)
                .body("violations.field", contains("secret"));
        put("a+b", hookUrl(), List.of("flag.raised")).statusCode(400).body("violations.field", contains("name"));
    }

    /**
     * The physician away from the board: a blood pressure of 190/118 nobody acknowledges is paged
     * three minutes later, signed; the pager is down twice and gets it on the third attempt.
     */
    @Test
    void anUnansweredCriticalFlagIsPagedSignedAndRetriedUntilDelivered() throws Exception {
        put("pager", hookUrl(), List.of("flag.escalated")).statusCode(201);
        String session = Fixtures.dosingSession(10);
        var flag = Fixtures.recordVitals(session, Map.of("systolic", 190, "diastolic", 118))
                .statusCode(201)
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("flags")
                .stream()
                .filter(f -> f.get("severity").equals("CRITICAL"))
                .findFirst()
                .orElseThrow();
        Instant raisedAt = Instant.parse((String) flag.get("raisedAt"));
        // flag.raised is not what this webhook wants: nothing is due yet.
        assertEquals(0, sender.deliverDue(Instant.now(), clinic).get(10, TimeUnit.SECONDS));

        escalation.escalate(raisedAt.plus(Duration.ofMinutes(3)));
        failuresLeft.set(2);
        Instant now = Instant.now();
        assertEquals(0, sender.deliverDue(now, clinic).get(10, TimeUnit.SECONDS));
        // Not due again before its backoff.
        assertEquals(0, sender.deliverDue(now.plusSeconds(1), clinic).get(10, TimeUnit.SECONDS));
        assertEquals(1, received.size());
        assertEquals(0, sender.deliverDue(now.plus(Duration.ofHours(1)), clinic).get(10, TimeUnit.SECONDS));
        assertEquals(1, sender.deliverDue(now.plus(Duration.ofHours(2)), clinic).get(10, TimeUnit.SECONDS));
        assertEquals(0, sender.deliverDue(now.plus(Duration.ofHours(3)), clinic).get(10, TimeUnit.SECONDS));
        assertEquals(3, received.size());

        Received page = received.get(2);
        String id = header(page, "webhook-id");
        String timestamp = header(page, "webhook-timestamp");
        assertEquals(signature(id, timestamp, page.body()), header(page, "webhook-signature"));
        JsonNode body = json.readTree(page.body());
        assertEquals("flag.escalated", body.get("type").asText());
        assertEquals(flag.get("id"), body.get("data").get("id").asText());
        assertEquals(1, body.get("data").get("escalations").asInt());
        assertEquals(session, body.get("data").get("sessionId").asText());
        // The same delivery each time, so a receiver can drop repeats by its id.
        assertEquals(id, header(received.get(0), "webhook-id"));

        given().get("/api/v1/webhooks/pager/deliveries")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id))
                .body("items[0].eventType", equalTo("flag.escalated"))
                .body("items[0].status", equalTo("DELIVERED"))
                .body("items[0].attempts", equalTo(3))
                .body("items[0].deliveredAt", notNullValue())
                .body("items[0].nextAttemptAt", nullValue())
                .body("items[0].history.statusCode", contains(503, 503, 204))
                .body("items[0].history[0].nextAttemptAt", notNullValue())
                .body("items[0].history[2].nextAttemptAt", nullValue());
    }

    @Test
    void aReceiverThatIsDownDelaysNothingElseAndLosesNothing() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        put("down", "http://127.0.0.1:" + closedPort + "/hook", List.of("flag.raised"))
                .statusCode(201);
        put("up", hookUrl(), List.of("flag.raised")).statusCode(201);
        String patient = Fixtures.patient();
        given().contentType(ContentType.JSON)
                .body(Map.of("instrument", "PHQ9", "answers", List.of(2, 2, 2, 2, 2, 2, 2, 2, 1)))
                .post("/api/v1/patients/" + patient + "/assessments")
                .then()
                .statusCode(201);

        Instant now = Instant.now();
        assertEquals(1, sender.deliverDue(now, clinic).get(20, TimeUnit.SECONDS));
        assertEquals(1, received.size());
        assertEquals(
                "flag.raised", json.readTree(received.get(0).body()).get("type").asText());
        given().get("/api/v1/webhooks/down/deliveries")
                .then()
                .body("items[0].status", equalTo("PENDING"))
                .body("items[0].attempts", equalTo(1))
                .body("items[0].history[0].statusCode", nullValue())
                .body("items[0].history[0].error", notNullValue())
                .body("items[0].nextAttemptAt", notNullValue());
        // Down for good: tried until max-attempts (5 in tests), then FAILED, every attempt on record.
        for (int hour = 1; hour <= 6; hour++) {
            sender.deliverDue(now.plus(Duration.ofHours(hour)), clinic).get(20, TimeUnit.SECONDS);
        }
        given().get("/api/v1/webhooks/down/deliveries")
                .then()
                .body("items[0].status", equalTo("FAILED"))
                .body("items[0].attempts", equalTo(5))
                .body("items[0].history.size()", equalTo(5));
        assertEquals(1, received.size());
    }

    @Test
    void theOutboxIsWrittenInTheTransactionOfTheEvent() throws Exception {
        put("up", hookUrl(), List.of("flag.raised")).statusCode(201);
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement event = c.prepareStatement(
                    "insert into stream_event (clinic_id, type, payload, created_at) values (?, 'flag.raised', '{}', now())")) {
                event.setString(1, clinic);
                event.executeUpdate();
            }
            assertEquals(1, deliveries(c));
            c.rollback();
            assertEquals(0, deliveries(c));
            c.setAutoCommit(true);
        }
    }

    @Test
    void eventsWrittenInOneStatementReachEachWebhookThatWantsThem() throws Exception {
        put("all", hookUrl(), List.of("flag.raised", "vitals.recorded")).statusCode(201);
        put("flags", hookUrl(), List.of("flag.raised")).statusCode(201);
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement events = c.prepareStatement("""
                    insert into stream_event (clinic_id, type, payload, created_at)
                    values (?, 'flag.raised', '{"n":1}', now()), (?, 'vitals.recorded', '{"n":2}', now()),
                           (?, 'flag.raised', '{"n":3}', now()), (?, 'session.created', '{"n":4}', now())""")) {
                for (int i = 1; i <= 4; i++) {
                    events.setString(i, clinic);
                }
                assertEquals(4, events.executeUpdate());
            }
            try (PreparedStatement q = c.prepareStatement("""
                    select webhook_name || ':' || string_agg(payload, ',' order by payload) from webhook_delivery
                    where clinic_id = ? group by webhook_name order by webhook_name""")) {
                q.setString(1, clinic);
                List<String> byHook = new java.util.ArrayList<>();
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        byHook.add(rows.getString(1));
                    }
                }
                assertEquals(List.of("all:{\"n\":1},{\"n\":2},{\"n\":3}", "flags:{\"n\":1},{\"n\":3}"), byHook);
            }
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    int deliveries(Connection c) throws Exception {
        try (PreparedStatement q = c.prepareStatement("select count(*) from webhook_delivery where clinic_id = ?")) {
            q.setString(1, clinic);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void onlyAnAdminConfiguresWebhooks() {
        RestAssured.requestSpecification = null;
        for (String role : List.of("viewer", "nurse", "physician")) {
            given().header("Authorization", TestTokens.bearer(TestTokens.token(clinic, "r." + role, role)))
                    .contentType(ContentType.JSON)
                    .body(Map.of("url", hookUrl(), "secret", SECRET, "events", List.of("flag.raised")))
                    .put("/api/v1/webhooks/pager")
                    .then()
                    .statusCode(403);
        }
        assertTrue(received.isEmpty());
    }
}
