package org.infusiontracker.record;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The service's own settings ({@code infusion.*} in application.properties). */
@ConfigMapping(prefix = "infusion")
public interface InfusionConfig {

    /** How far in the future a clinical time may lie before it is refused (device clocks drift). */
    @WithDefault("PT5M")
    Duration clockSkew();
}
