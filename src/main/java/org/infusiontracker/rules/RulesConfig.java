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

    /**
     * The most compiled conditions (and, apart, matched values) an instance keeps; the least
     * recently used beyond it are compiled again when next needed. About 40 per clinic in force.
     */
    @WithDefault("10000")
    int cacheSize();

    /** The most clinics whose compiled rule books an instance keeps. */
    @WithDefault("1000")
    int clinicsCached();

    /** How often the clock sweep looks at open sessions for what did not happen. */
    @WithDefault("30s")
    String sweepEvery();

    /** The longest window a backtest may replay. */
    @WithDefault("P93D")
    Duration backtestMaxWindow();

    /**
     * How long a backtest replays before it answers with what it has (complete false): it stops at
     * the first page boundary past the budget.
     */
    @WithDefault("PT20S")
    Duration backtestBudget();
}
