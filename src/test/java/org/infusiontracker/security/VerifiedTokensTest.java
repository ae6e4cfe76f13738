package org.infusiontracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reusing verified tokens never accepts what verification would refuse. */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    JWTAuthContextInfo context;

    @Inject
    JWTCallerPrincipalFactory principals;

    @Inject
    JWTParser parser;

    /** The cache's own clock, moved by the tests; the signature and expiry checks keep real time. */
    private final MovableClock clock = new MovableClock();

    private VerifiedTokens tokens;

    @BeforeEach
    void freshCache() {
        tokens = new VerifiedTokens(new DefaultJWTParser(context, principals), clock);
    }

    private static String token(Duration life) {
        return Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("cache.test")
                .groups(Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .expiresAt(Instant.now().plus(life))
                .sign();
    }

    @Test
    void theBearerAuthenticationUsesIt() {
        assertInstanceOf(VerifiedTokens.class, parser);
    }

    @Test
    void aTokenSeenAgainIsNotVerifiedAgain() throws Exception {
        String token = token(Duration.ofHours(1));
        JsonWebToken first = tokens.parse(token);
        assertSame(first, tokens.parse(token));
        assertEquals(1, tokens.size());
    }

    /** A full cache drops the token unused longest, not every token at once. */
    @Test
    void aFullCacheDropsTheLeastRecentlyUsedToken() throws Exception {
        VerifiedTokens small = new VerifiedTokens(new DefaultJWTParser(context, principals), clock, 2);
        String a = token(Duration.ofHours(1));
        String b = token(Duration.ofHours(2));
        String c = token(Duration.ofHours(3));
        JsonWebToken first = small.parse(a);
        small.parse(b);
        assertSame(first, small.parse(a), "a is used again, and so is the most recent");
        small.parse(c);
        assertEquals(2, small.size());
        assertTrue(small.holds(a));
        assertFalse(small.holds(b), "b was unused longest");
        assertTrue(small.holds(c));
    }

    @Test
    void aTokenWithAnotherSignatureIsVerifiedAndRefusedThoughTheGenuineOneIsKnown() throws Exception {
        String token = token(Duration.ofHours(1));
        tokens.parse(token);
        String forged =
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        assertEquals(1, tokens.size());
    }

    @Test
    void aTokenIsVerifiedAgainAfterFiveMinutes() throws Exception {
        String token = token(Duration.ofHours(1));
        JsonWebToken first = tokens.parse(token);
        clock.move(VerifiedTokens.MAX_REUSE.minusSeconds(1));
        assertSame(first, tokens.parse(token));
        clock.move(Duration.ofSeconds(1));
        assertNotSame(first, tokens.parse(token));
    }

    @Test
    void aTokenIsNotReusedPastItsExpiry() throws Exception {
        String token = token(Duration.ofSeconds(30));
        JsonWebToken first = tokens.parse(token);
        clock.move(Duration.ofSeconds(29));
        assertSame(first, tokens.parse(token));
        clock.move(Duration.ofSeconds(5));
        // Past its expiry by the cache's clock: verified again (by real time it is still valid).
        assertNotSame(first, tokens.parse(token));
    }

    @Test
    void theClinicIsReadOnceAtVerification() throws Exception {
        String token = token(Duration.ofHours(1));
        JsonWebToken verified = tokens.parse(token);
        assertEquals(TestTokens.CLINIC, tokens.clinicOf(verified));
        String elsewhere = Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("other")
                .claim("clinic", "other-clinic")
                .expiresAt(Instant.now().plusSeconds(600))
                .sign();
        // A token it has not verified itself is read from its claims.
        assertEquals(
                "other-clinic",
                tokens.clinicOf(new VerifiedTokens(new DefaultJWTParser(context, principals), clock).parse(elsewhere)));
    }

    @Test
    void anExpiredTokenIsRefusedAndNotRemembered() {
        String expired = Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("late")
                .groups(Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
        assertThrows(ParseException.class, () -> tokens.parse(expired));
        assertThrows(ParseException.class, () -> tokens.parse(expired));
        assertEquals(0, tokens.size());
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
