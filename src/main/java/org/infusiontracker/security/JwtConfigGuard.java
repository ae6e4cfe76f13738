package org.infusiontracker.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a production service whose tokens could be forged or replayed elsewhere: no
 * key, issuer or audience to check; a key set fetched over plain HTTP; an algorithm other than
 * RS256 or ES256; or the repository's dev trust (its public key pair, its issuer, the dev and test
 * profiles), with which anyone can mint an admin token for any clinic. The dev trust is let through
 * only when {@code infusion.security.allow-dev-key=true} says so (the bench and CI scripts that
 * start the packaged service), and then the service warns every minute while it runs.
 */
@Singleton
public class JwtConfigGuard {

    static final String KEY = "mp.jwt.verify.publickey.location";
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    static final String ALLOW_DEV_KEY = "infusion.security.allow-dev-key";
    /** The asymmetric signatures a clinic's identity provider uses; nothing else is trusted. */
    static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    /** The issuer that dev/token.sh and the tests write. */
    static final String DEV_ISSUER = "https://infusion-tracker.dev/issuer";

    private volatile List<String> devTrust = List.of();

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        Optional<String> key = config.getOptionalValue(KEY, String.class);
        Optional<String> issuer = config.getOptionalValue(ISSUER, String.class);
        List<String> missing = missing(key, issuer, config.getOptionalValue(AUDIENCES, String.class));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Infusion Tracker will not start without token verification: set "
                    + String.join(" and ", missing) + " (the PEM file or JWKS address of your identity provider, "
                    + "its issuer and the audience its tokens name); see the README, section Security");
        }
        List<String> unsafe = unsafe(key, config.getOptionalValue(ALGORITHM, String.class));
        if (!unsafe.isEmpty()) {
            throw new IllegalStateException("Infusion Tracker will not start with unsafe token verification: "
                    + String.join("; ", unsafe) + "; see the README, section Security");
        }
        List<String> dev = devTrust(key, issuer, ConfigUtils.getProfiles());
        if (dev.isEmpty()) {
            return;
        }
        if (!config.getOptionalValue(ALLOW_DEV_KEY, Boolean.class).orElse(false)) {
            throw new IllegalStateException("Infusion Tracker will not start trusting the public dev credentials: "
                    + String.join("; ", dev) + ". Use your identity provider's key and issuer, or set "
                    + "INFUSION_SECURITY_ALLOW_DEV_KEY=true for a throw-away test instance; see the README, "
                    + "section Security");
        }
        devTrust = dev;
        warn();
    }

    /** Repeats the warning while the service trusts the dev credentials, so that no log reader misses it. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void remind() {
        if (!devTrust.isEmpty()) {
            warn();
        }
    }

    private void warn() {
        Log.warnf(
                "UNSAFE: this instance trusts the repository's public dev credentials (%s) because %s=true: "
                        + "anyone can mint tokens for it. Never run it with patients' data.",
                String.join("; ", devTrust), ALLOW_DEV_KEY);
    }

    /** True while the instance runs on the dev credentials by explicit permission. */
    boolean trustsDevCredentials() {
        return !devTrust.isEmpty();
    }

    /**
     * What in the settings is the repository's dev trust: the dev public key (by its SHA-256
     * fingerprint, read from a key file; a key-set address is not fetched here), the dev issuer, or
     * an active dev or test profile (which trust the dev key by configuration).
     */
    static List<String> devTrust(Optional<String> keyLocation, Optional<String> issuer, List<String> profiles) {
        List<String> found = new ArrayList<>();
        if (keyLocation.filter(DevKey::isDevKey).isPresent()) {
            found.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION holds the dev public key of dev/jwt/");
        }
        if (issuer.map(String::strip).filter(DEV_ISSUER::equals).isPresent()) {
            found.add("MP_JWT_VERIFY_ISSUER is the dev issuer " + DEV_ISSUER);
        }
        for (String profile : profiles) {
            if (profile.equals("dev") || profile.equals("test")) {
                found.add("the " + profile + " profile is active");
            }
        }
        return found;
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

    /**
     * The settings, as environment variables, that are absent or blank. The audience is required:
     * without it a token the identity provider issued for another application of the clinic would
     * be accepted here.
     */
    static List<String> missing(Optional<String> keyLocation, Optional<String> issuer, Optional<String> audiences) {
        List<String> missing = new ArrayList<>();
        if (keyLocation.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        }
        if (issuer.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("MP_JWT_VERIFY_ISSUER");
        }
        if (audiences.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("MP_JWT_VERIFY_AUDIENCES");
        }
        return missing;
    }
}
