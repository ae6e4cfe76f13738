package org.infusiontracker.escalation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When an unacknowledged CRITICAL flag climbs ({@code infusion.escalation.*}). */
@ConfigMapping(prefix = "infusion.escalation")
public interface EscalationConfig {

    /** How long a CRITICAL flag may stay open before its first escalation. */
    @WithDefault("PT3M")
    Duration after();

    /** How long after an escalation the next one follows while the flag stays open. */
    @WithDefault("PT5M")
    Duration repeat();

    /** The most escalations of one flag. */
    @WithDefault("3")
    int max();

    /** How often the job looks for flags due. */
    @WithDefault("15s")
    String every();
}
