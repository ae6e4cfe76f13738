package org.infusiontracker.api;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own settings ({@code infusion.*} in application.properties). */
@ConfigMapping(prefix = "infusion")
public interface InfusionConfig {

    /** The clinic that requests act for until authentication lands. */
    String defaultClinic();

    /** The person recorded as acting until authentication lands. */
    @WithDefault("unauthenticated")
    String defaultActor();

    /** How far in the future a clinical time may lie before it is refused (device clocks drift). */
    @WithDefault("PT5M")
    Duration clockSkew();
}
