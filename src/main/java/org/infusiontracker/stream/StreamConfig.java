package org.infusiontracker.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the live stream ({@code infusion.stream.*}). */
@ConfigMapping(prefix = "infusion.stream")
public interface StreamConfig {

    /** How often open streams look for events even without a notification (a lost NOTIFY costs at most this). */
    @WithDefault("PT2S")
    Duration poll();

    /** How often an idle stream gets a keep-alive comment, so that proxies keep it open. */
    @WithDefault("PT15S")
    Duration heartbeat();

    /**
     * How long events are kept and replayed: a {@code Last-Event-ID} older than this gets a
     * {@code reset} instead of the history, and a job deletes older events.
     */
    @WithDefault("PT24H")
    Duration retention();

    /** How many streams one person (clinic and actor) may hold open on one instance; one more is 429. */
    @WithDefault("5")
    int maxPerUser();
}
