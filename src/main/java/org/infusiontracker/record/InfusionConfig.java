package org.infusiontracker.record;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** The service's own settings ({@code infusion.*} in application.properties). */
@ConfigMapping(prefix = "infusion")
public interface InfusionConfig {

    /** How far in the future a clinical time may lie before it is refused (device clocks drift). */
    @WithDefault("PT5M")
    Duration clockSkew();

    /**
     * How far back the NEWS2 of the current picture looks ({@code infusion.news2.window}): the
     * latest value of each parameter measured within it counts. {@code PT0S} scores each reading's
     * own values (and what was measured at the same moment).
     */
    @WithName("news2.window")
    @WithDefault("PT30M")
    @DurationMin(seconds = 0)
    Duration news2Window();

    /**
     * How recent a value must be for the discharge rules to see it ({@code
     * infusion.discharge.freshness}): an older one counts as not measured.
     */
    @WithName("discharge.freshness")
    @WithDefault("PT30M")
    @DurationMin(minutes = 1)
    Duration dischargeFreshness();

    /**
     * How many readings the packaged service records and rolls back at start, before it is ready
     * ({@code infusion.warm-up.readings}; 0: none), so that the JIT compiles the write path first.
     */
    @WithName("warm-up.readings")
    @WithDefault("3000")
    @Min(0)
    int warmUpReadings();
}
