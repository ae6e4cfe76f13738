package org.infusiontracker.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * Delivers the outbox: claims the deliveries due, posts each signed (Standard Webhooks), and
 * records every attempt. A delivery that fails is tried again after a backoff that doubles from
 * {@code infusion.webhooks.backoff} up to {@code infusion.webhooks.max-backoff}, until
 * {@code infusion.webhooks.max-attempts} make it FAILED.
 *
 * <p>A receiver that is down delays nothing else: the attempts of one run are sent at once, each
 * bounded by {@code infusion.webhooks.timeout}, and each is recorded when it ends; claiming moves a
 * delivery's next attempt past the timeout, so another run or instance does not send it twice in the
 * meantime ({@code for update skip locked} keeps two claims apart). Delivery is at least once: a
 * receiver dedupes on {@code webhook-id}.
 */
@ApplicationScoped
public class WebhookSender {

    /** A delivery claimed for one attempt. */
    record Claimed(UUID id, int attempts, String url, String secret, String type, String payload, Instant createdAt) {}

    private static final String CLAIM = """
            with due as (
                select d.id from webhook_delivery d
                where d.status = 'PENDING' and d.next_attempt_at <= ? and (?::text is null or d.clinic_id = ?)
                order by d.next_attempt_at
                limit ?
                for update skip locked
            )
            update webhook_delivery d set next_attempt_at = ?
            from due, webhook w
            where d.id = due.id and w.clinic_id = d.clinic_id and w.name = d.webhook_name
            returning d.id, d.attempts, w.url, w.secret, d.event_type, d.payload, d.created_at
            """;

    private static final String RECORD = """
            with step as (
                update webhook_delivery set attempts = attempts + 1, status = ?, next_attempt_at = ?::timestamptz,
                                            delivered_at = ?::timestamptz
                where id = ? and attempts = ?
                returning id, attempts
            )
            insert into webhook_attempt (delivery_id, attempt, attempted_at, status_code, error, next_attempt_at)
            select id, attempts, ?::timestamptz, ?::integer, ?::text, ?::timestamptz from step
            """;

    private final PlainSql sql;
    private final WebhookConfig config;
    private final ClinicalTime time;
    private final ObjectMapper json;
    private final HttpClient http;

    WebhookSender(PlainSql sql, WebhookConfig config, ClinicalTime time, ObjectMapper json) {
        this.sql = sql;
        this.config = config;
        this.time = time;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(
            every = "${infusion.webhooks.poll:2s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        // Not waited for: a slow receiver's attempt ends (and is recorded) on its own.
        deliverDue(time.now());
    }

    /**
     * Sends every delivery due at {@code now} (at most {@code infusion.webhooks.batch}); the future
     * completes when each attempt is recorded, with the number delivered.
     */
    public CompletableFuture<Integer> deliverDue(Instant now) {
        return deliverDue(now, null);
    }

    /** As {@link #deliverDue(Instant)}, for one clinic only (null: every clinic); tests keep to their own. */
    CompletableFuture<Integer> deliverDue(Instant now, String clinicId) {
        List<Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> sql.query(
                        CLAIM,
                        row -> new Claimed(
                                row.getObject(1, UUID.class),
                                row.getInt(2),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5),
                                row.getString(6),
                                PlainSql.instant(row, 7)),
                        now,
                        clinicId,
                        clinicId,
                        config.batch(),
                        now.plus(config.timeout()).plusSeconds(30)));
        List<CompletableFuture<Boolean>> attempts =
                claimed.stream().map(d -> attempt(d, now)).toList();
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                .thenApply(done ->
                        (int) attempts.stream().filter(CompletableFuture::join).count());
    }

    private CompletableFuture<Boolean> attempt(Claimed d, Instant now) {
        HttpRequest request;
        try {
            String body = body(d);
            long timestamp = now.getEpochSecond();
            request = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(config.timeout())
                    .header("content-type", "application/json")
                    .header("webhook-id", d.id().toString())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signature.sign(d.secret(), d.id().toString(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (RuntimeException | IOException e) {
            return CompletableFuture.completedFuture(record(d, now, null, e.toString()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> failure == null
                        ? record(d, now, response.statusCode(), null)
                        : record(d, now, null, failure.toString()));
    }

    /** The Standard Webhooks payload: the event's name, its time and, as data, the stream event's JSON. */
    private String body(Claimed d) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("type", d.type());
        body.put("timestamp", d.createdAt().toString());
        body.set("data", json.readTree(d.payload()));
        return json.writeValueAsString(body);
    }

    /** Records one attempt; true when it delivered. */
    private boolean record(Claimed d, Instant now, Integer status, String error) {
        boolean delivered = status != null && status >= 200 && status < 300;
        int attempt = d.attempts() + 1;
        Instant next = null;
        String state = "DELIVERED";
        if (!delivered) {
            state = attempt >= config.maxAttempts() ? "FAILED" : "PENDING";
            next = state.equals("PENDING") ? now.plus(backoff(attempt)) : null;
            Log.warnf("Webhook delivery %s attempt %d failed: %s", d.id(), attempt, error == null ? status : error);
        }
        String shortError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        Instant nextAttempt = next;
        String finalState = state;
        try {
            QuarkusTransaction.requiringNew()
                    .run(() -> sql.update(
                            RECORD,
                            finalState,
                            nextAttempt,
                            delivered ? now : null,
                            d.id(),
                            d.attempts(),
                            now,
                            status,
                            shortError,
                            nextAttempt));
        } catch (RuntimeException e) {
            // The claim runs out and the delivery is tried again: at least once, never lost.
            Log.errorf(e, "Could not record attempt %d of webhook delivery %s", attempt, d.id());
        }
        return delivered;
    }

    /** The wait after the {@code attempt}th failure: backoff, doubled each time, capped. */
    Duration backoff(int attempt) {
        Duration wait = config.backoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return wait.compareTo(config.maxBackoff()) > 0 || wait.isNegative() ? config.maxBackoff() : wait;
    }
}
