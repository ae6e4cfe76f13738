package org.infusiontracker.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of safe retries ({@code infusion.idempotency.*}). */
@ConfigMapping(prefix = "infusion.idempotency")
public interface IdempotencyConfig {

    /**
     * How long a key and its first answer are kept. A tablet may retry after a night offline, so
     * less than a day is refused at start-up; after this a retry is a new request.
     */
    @WithDefault("PT48H")
    @DurationMin(hours = 24)
    Duration retention();
}
