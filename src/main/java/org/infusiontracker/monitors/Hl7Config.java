package org.infusiontracker.monitors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The MLLP listener of bedside monitors ({@code infusion.hl7.*}); off unless a port is set. */
@ConfigMapping(prefix = "infusion.hl7")
public interface Hl7Config {

    /** The port to listen on (0: any free one, for tests); none: no listener. */
    OptionalInt port();

    /** The address to bind: the monitor network's interface in production (MLLP has no authentication). */
    @WithDefault("127.0.0.1")
    String host();

    /** A connection with no traffic in either direction for this long is closed. */
    @WithDefault("PT60S")
    Duration idleTimeout();

    /** Open connections at most; one more is closed at once. */
    @WithDefault("500")
    int maxConnections();

    /** The largest frame (HL7 message) accepted, in bytes; a larger one is answered AR and the connection closed. */
    @WithDefault("1048576")
    int maxFrameBytes();

    /**
     * How long a stored message's control id is remembered: a repeat within it is answered as the
     * first was and stored once; one after it is a new message. Hourly, older ones are deleted.
     */
    @WithDefault("P30D")
    Duration messageRetention();

    /** Threads that parse and store messages (each holds a database connection while it stores one). */
    @WithDefault("8")
    int workers();
}
