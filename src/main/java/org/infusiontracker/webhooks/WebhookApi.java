package org.infusiontracker.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A clinic's webhooks and their deliveries, as admins see them (never the secret). */
public final class WebhookApi {

    private WebhookApi() {}

    /** {@code PUT /webhooks/{name}}: where to send which events, and the key that signs them. */
    public record PutWebhook(
            @Schema(description = "http or https address the events are posted to") @NotBlank @Size(max = 2000)
            String url,

            @Schema(description = "the signing key (its UTF-8 bytes); 16 to 200 characters; never answered")
            @NotNull
            @Size(min = 16, max = 200)
            String secret,

            @Schema(description = "the stream event names to send, e.g. flag.escalated, flag.raised")
            @NotEmpty
            @Size(max = 20)
            List<@NotBlank String> events) {}

    @Schema(requiredProperties = {"name", "url", "events", "createdAt", "updatedAt", "updatedBy"})
    public record WebhookView(
            String name, String url, List<String> events, Instant createdAt, Instant updatedAt, String updatedBy) {}

    /** One attempt to deliver: what the receiver answered, or why there was no answer. */
    @Schema(requiredProperties = {"attempt", "at", "statusCode", "error", "nextAttemptAt"})
    public record Attempt(
            int attempt,
            Instant at,

            @Schema(nullable = true, description = "the receiver's HTTP status; null when it did not answer")
            Integer statusCode,

            @Schema(nullable = true) String error,

            @Schema(nullable = true, description = "when the next attempt is due; null when delivered or given up")
            Instant nextAttemptAt) {}

    @Schema(
            requiredProperties = {
                "id",
                "eventType",
                "status",
                "attempts",
                "createdAt",
                "nextAttemptAt",
                "deliveredAt",
                "history"
            })
    public record DeliveryView(
            @Schema(description = "also the webhook-id header")
            UUID id,

            String eventType,

            @Schema(enumeration = {"PENDING", "DELIVERED", "FAILED"})
            String status,

            int attempts,
            Instant createdAt,
            @Schema(nullable = true) Instant nextAttemptAt,
            @Schema(nullable = true) Instant deliveredAt,
            List<Attempt> history) {}
}
