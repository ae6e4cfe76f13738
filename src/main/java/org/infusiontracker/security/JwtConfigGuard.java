package org.infusiontracker.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a production service that has no way to verify tokens, rather than run open
 * or reject every request without saying why.
 */
public class JwtConfigGuard {

    static final String KEY = "mp.jwt.verify.publickey.location";
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    /** The asymmetric signatures a clinic's identity provider uses; nothing else is trusted. */
    static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

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
        List<String> unsafe = unsafe(
                ConfigProvider.getConfig().getOptionalValue(KEY, String.class),
                ConfigProvider.getConfig().getOptionalValue(ALGORITHM, String.class));
        if (!unsafe.isEmpty()) {
            throw new IllegalStateException("Infusion Tracker will not start with unsafe token verification: "
                    + String.join("; ", unsafe) + "; see the README, section Security");
        }
    }

    /**
     * What is unsafe in the verification settings: a key set fetched over plain HTTP (anyone on the
     * path could hand in their own key), or a signature algorithm other than RS256 or ES256.
     */
    static List<String> unsafe(Optional<String> keyLocation, Optional<String> algorithm) {
        List<String> unsafe = new ArrayList<>();
        if (keyLocation
                .filter(v -> v.strip().toLowerCase(Locale.ROOT).startsWith("http://"))
                .isPresent()) {
            unsafe.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION must be an https:// address or a file");
        }
        String alg = algorithm.map(String::strip).orElse("RS256");
        if (!ALGORITHMS.contains(alg)) {
            unsafe.add("MP_JWT_VERIFY_PUBLICKEY_ALGORITHM must be RS256 or ES256, not " + alg);
        }
        return unsafe;
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
