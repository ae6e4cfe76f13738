package org.infusiontracker.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a production service that has no way to verify tokens, rather than run open
 * or reject every request without saying why.
 */
public class JwtConfigGuard {

    static final String KEY = "mp.jwt.verify.publickey.location";
    static final String ISSUER = "mp.jwt.verify.issuer";

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = missing(
                ConfigProvider.getConfig().getOptionalValue(KEY, String.class),
                ConfigProvider.getConfig().getOptionalValue(ISSUER, String.class));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Infusion Tracker will not start without token verification: set "
                    + String.join(" and ", missing) + " (the PEM file or JWKS address of your identity provider, "
                    + "and its issuer); see the README, section Security");
        }
    }

    /** The settings, as environment variables, that are absent or blank. */
    static List<String> missing(Optional<String> keyLocation, Optional<String> issuer) {
        List<String> missing = new ArrayList<>();
        if (keyLocation.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        }
        if (issuer.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("MP_JWT_VERIFY_ISSUER");
        }
        return missing;
    }
}
