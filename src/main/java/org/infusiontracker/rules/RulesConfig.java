package org.infusiontracker.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the rules service ({@code infusion.rules.*}). */
@ConfigMapping(prefix = "infusion.rules")
public interface RulesConfig {

    /** How long an instance trusts its compiled copy of a clinic's rules before reading them again. */
    @WithDefault("PT5S")
    Duration cacheTtl();

    /** How often the clock sweep looks at open sessions for what did not happen. */
    @WithDefault("30s")
    String sweepEvery();

    /** The longest window a backtest may replay. */
    @WithDefault("P93D")
    Duration backtestMaxWindow();
}
