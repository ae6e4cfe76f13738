package org.infusiontracker;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Tokens for the tests, signed with the dev key pair that the test profile trusts. Every request
 * a test makes carries {@link #DEFAULT} unless it names its own (see {@link DefaultTokenFilter}).
 */
public final class TestTokens {

    public static final String ISSUER = "https://infusion-tracker.dev/issuer";
    /** The audience the test profile requires (mp.jwt.verify.audiences). */
    public static final String AUDIENCE = "infusion-tracker";

    public static final String CLINIC = "test-clinic";

    /** A person who is nurse, physician and admin of the test clinic, so that set-up never stalls on a role. */
    public static final String DEFAULT = token(CLINIC, "test.user", "nurse", "physician", "admin");

    private TestTokens() {}

    public static String token(String clinic, String user, String... roles) {
        return token(Duration.ofHours(2), clinic, user, roles);
    }

    /** A token that expires {@code expiresIn} from now (the stream ends with it). */
    public static String token(Duration expiresIn, String clinic, String user, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .preferredUserName(user)
                .groups(Set.of(roles))
                .claim("clinic", clinic)
                .expiresIn(expiresIn)
                .sign();
    }

    /**
     * A token whose stable subject differs from the names it shows, as identity providers issue
     * them: {@code claims} adds {@code preferred_username}, {@code name} or others (none: no display name).
     */
    public static String person(String clinic, String subject, Map<String, String> claims, String... roles) {
        var builder = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .groups(Set.of(roles))
                .claim("clinic", clinic)
                .expiresIn(Duration.ofHours(2));
        claims.forEach(builder::claim);
        return builder.sign();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
