package org.infusiontracker.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How webhooks are delivered ({@code infusion.webhooks.*}). */
@ConfigMapping(prefix = "infusion.webhooks")
public interface WebhookConfig {

    /** How often the worker looks for deliveries due. */
    @WithDefault("2s")
    String poll();

    /** The wait before the second attempt; each further wait doubles, up to {@link #maxBackoff()}. */
    @WithDefault("PT10S")
    Duration backoff();

    /** The longest wait between two attempts. */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /** Attempts before a delivery is given up as FAILED (with the defaults, about 16 hours of trying). */
    @WithDefault("20")
    int maxAttempts();

    /** How long one attempt may take, connecting and answering. */
    @WithDefault("PT10S")
    Duration timeout();

    /** The most deliveries one run sends (at once). */
    @WithDefault("50")
    int batch();
}
