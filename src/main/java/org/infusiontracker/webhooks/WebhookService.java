package org.infusiontracker.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.sql.PlainSql;
import org.infusiontracker.webhooks.WebhookApi.Attempt;
import org.infusiontracker.webhooks.WebhookApi.DeliveryView;
import org.infusiontracker.webhooks.WebhookApi.PutWebhook;
import org.infusiontracker.webhooks.WebhookApi.WebhookView;

/**
 * The clinic's webhooks and their deliveries. Webhooks, the outbox and its attempts are log-like
 * tables written with plain SQL ({@link PlainSql}); the outbox rows themselves are written by the
 * database, in the transaction that writes each stream event (migration V21).
 */
@ApplicationScoped
@Transactional
public class WebhookService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> EVENTS =
            Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.toSet());

    private static final String PUT = """
            insert into webhook (clinic_id, name, url, secret, events, created_at, updated_at, updated_by)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (clinic_id, name) do update
            set url = excluded.url, secret = excluded.secret, events = excluded.events,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            returning name, url, events, created_at, updated_at, updated_by
            """;

    private final PlainSql sql;
    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final AuditLog audit;

    WebhookService(PlainSql sql, ClinicContext clinic, ClinicalTime time, AuditLog audit) {
        this.sql = sql;
        this.clinic = clinic;
        this.time = time;
        this.audit = audit;
    }

    /** The webhook as written, and whether it is new. */
    public record Put(WebhookView webhook, boolean created) {}

    public Put put(String name, PutWebhook body) {
        checkName(name);
        String url = body.url().strip();
        checkUrl(url);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < body.events().size(); i++) {
            String event = body.events().get(i).strip();
            if (!EVENTS.contains(event)) {
                throw new InvalidInput(
                        "events[" + i + "]",
                        "must be one of " + EVENTS.stream().sorted().toList());
            }
            if (!events.contains(event)) {
                events.add(event);
            }
        }
        Instant now = time.now();
        WebhookView view = sql.query(
                        PUT,
                        WebhookService::view,
                        clinic.clinicId(),
                        name,
                        url,
                        body.secret(),
                        events.toArray(String[]::new),
                        now,
                        now,
                        clinic.actor())
                .get(0);
        boolean created = view.createdAt().equals(view.updatedAt());
        audit.write(created ? "CREATE" : "UPDATE", "webhook", name, Map.of("url", url, "events", events));
        return new Put(view, created);
    }

    public WebhookView find(String name) {
        checkName(name);
        audit.read("webhook", name);
        return require(name);
    }

    /** The webhook's deliveries, newest first, each with its attempts. */
    public Page<DeliveryView> deliveries(String name, int page, int size) {
        checkName(name);
        require(name);
        audit.read("webhook-deliveries", name);
        long total = sql.query(
                        "select count(*) from webhook_delivery where clinic_id = ? and webhook_name = ?",
                        row -> row.getLong(1),
                        clinic.clinicId(),
                        name)
                .get(0);
        List<DeliveryView> items = sql.query(
                """
                select id, event_type, status, attempts, created_at, next_attempt_at, delivered_at
                from webhook_delivery where clinic_id = ? and webhook_name = ?
                order by created_at desc, id desc limit ? offset ?
                """,
                row -> new DeliveryView(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        PlainSql.instant(row, 5),
                        PlainSql.instant(row, 6),
                        PlainSql.instant(row, 7),
                        List.of()),
                clinic.clinicId(),
                name,
                size,
                (long) page * size);
        if (items.isEmpty()) {
            return new Page<>(items, page, size, total);
        }
        Map<UUID, List<Attempt>> attempts = new HashMap<>();
        sql.query(
                        """
                        select delivery_id, attempt, attempted_at, status_code, error, next_attempt_at
                        from webhook_attempt where delivery_id = any (?) order by delivery_id, attempt
                        """,
                        row -> Map.entry(
                                row.getObject(1, UUID.class),
                                new Attempt(
                                        row.getInt(2),
                                        PlainSql.instant(row, 3),
                                        (Integer) row.getObject(4),
                                        row.getString(5),
                                        PlainSql.instant(row, 6))),
                        (Object) items.stream().map(DeliveryView::id).toArray(UUID[]::new))
                .forEach(e -> attempts.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return new Page<>(
                items.stream()
                        .map(d -> new DeliveryView(
                                d.id(),
                                d.eventType(),
                                d.status(),
                                d.attempts(),
                                d.createdAt(),
                                d.nextAttemptAt(),
                                d.deliveredAt(),
                                attempts.getOrDefault(d.id(), List.of())))
                        .toList(),
                page,
                size,
                total);
    }

    private WebhookView require(String name) {
        return sql
                .query(
                        "select name, url, events, created_at, updated_at, updated_by from webhook"
                                + " where clinic_id = ? and name = ?",
                        WebhookService::view,
                        clinic.clinicId(),
                        name)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFound("Webhook", name));
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInput("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /** An absolute http or https address with a host. */
    static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInput("url", "must be an http or https address with a host");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInput("url", "is not an address: " + e.getReason());
        }
    }

    private static WebhookView view(ResultSet row) throws SQLException {
        Array events = row.getArray(3);
        return new WebhookView(
                row.getString(1),
                row.getString(2),
                List.of((String[]) events.getArray()),
                PlainSql.instant(row, 4),
                PlainSql.instant(row, 5),
                row.getString(6));
    }
}
