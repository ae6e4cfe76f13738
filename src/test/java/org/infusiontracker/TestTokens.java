package org.infusiontracker;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.Set;

/**
 * Tokens for the tests, signed with the dev key pair that the test profile trusts. Every request
 * a test makes carries {@link #DEFAULT} unless it names its own (see {@link DefaultTokenFilter}).
 */
public final class TestTokens {

    public static final String ISSUER = "https://infusion-tracker.dev/issuer";
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
                .subject(user)
                .preferredUserName(user)
                .groups(Set.of(roles))
                .claim("clinic", clinic)
                .expiresIn(expiresIn)
                .sign();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
