package org.infusiontracker.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token parser the bearer authentication uses: smallrye-jwt's, remembering the tokens it has
 * verified. A tablet sends the same token with every reading for the token's whole life, and
 * checking its RSA signature and parsing its claims again each time was about a twentieth of the
 * service's work per recorded reading.
 *
 * <p>A token is found again only by its exact text, signature included, so a token that differs
 * in any character is verified from scratch. A verified token is reused until it expires, and for
 * at most {@link #MAX_REUSE} (so that a verification key withdrawn from the identity provider's
 * key set stops being trusted within that time); then it is verified again, by the rules of
 * smallrye-jwt, clock skew included. Nothing that the parser refuses is remembered.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens implements JWTParser {

    static final Duration MAX_REUSE = Duration.ofMinutes(5);
    /** More tokens than the staff of a clinic use at once; past it, the least recently used is dropped. */
    static final int CAPACITY = 10_000;

    /** The claim that names the caller's clinic. */
    public static final String CLINIC_CLAIM = "clinic";

    /**
     * What a clinic id may be. Nothing else is a clinic: not {@code *}, which names the rules shipped
     * to every clinic, nor text that could reach a log or a query as something else.
     */
    static final Pattern CLINIC_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private record Verified(JsonWebToken token, String clinic, long reuseUntilMillis) {}

    /**
     * The verified tokens, least recently used first: a full cache drops the one unused longest,
     * not every token at once (which made every client's next request verify again together).
     * Guarded by itself; each use holds it for a map operation only.
     */
    private final Map<String, Verified> verified;
    /** smallrye-jwt's own parser, with the configured key, issuer and claim mapping: it verifies. */
    private final DefaultJWTParser parser;

    private final Clock clock;

    @Inject
    VerifiedTokens(JWTAuthContextInfo context, JWTCallerPrincipalFactory principals) {
        this(new DefaultJWTParser(context, principals), Clock.systemUTC());
    }

    VerifiedTokens(DefaultJWTParser parser, Clock clock) {
        this(parser, clock, CAPACITY);
    }

    VerifiedTokens(DefaultJWTParser parser, Clock clock, int capacity) {
        this.parser = parser;
        this.clock = clock;
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > capacity;
            }
        };
    }

    private Verified known(String token) {
        synchronized (verified) {
            return verified.get(token);
        }
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = clock.millis();
        Verified known = known(token);
        if (known != null) {
            if (now < known.reuseUntilMillis()) {
                return known.token();
            }
            synchronized (verified) {
                verified.remove(token, known);
            }
        }
        JsonWebToken fresh = parser.parse(token);
        String clinic = clinicClaim(fresh);
        if (clinic != null && !CLINIC_ID.matcher(clinic).matches()) {
            // Refused as a bad token (401), and not remembered.
            throw new ParseException("The '" + CLINIC_CLAIM + "' claim is not a clinic id");
        }
        long reuseUntil = Math.min(now + MAX_REUSE.toMillis(), fresh.getExpirationTime() * 1000);
        if (reuseUntil > now) {
            synchronized (verified) {
                verified.put(token, new Verified(fresh, clinic, reuseUntil));
            }
        }
        return fresh;
    }

    /**
     * The {@value #CLINIC_CLAIM} claim of the request's verified token as text, or null. For a token
     * this parser remembers (found by its exact text) the claim was read once at verification: smallrye-jwt looks a custom claim up by first trying, and
     * failing with an exception, every standard claim name, which per request cost more than the
     * rest of the caller's context.
     */
    public String clinicOf(JsonWebToken token) {
        String raw = token.getRawToken();
        Verified known = raw == null ? null : known(raw);
        return known != null ? known.clinic() : clinicClaim(token);
    }

    /** A person named by a verified token: who (the stable subject), of which clinic, in which roles. */
    public record Person(String subject, String clinic, Set<String> roles) {}

    /**
     * A second person's token, verified exactly as the caller's own (signature, issuer, audience,
     * expiry, clinic id): for a signature that must come from someone else, such as the witness of a
     * waste. Throws when the token is not valid.
     */
    public Person person(String token) throws ParseException {
        JsonWebToken verified = parse(token);
        Set<String> roles = verified.getGroups() == null ? Set.of() : Set.copyOf(verified.getGroups());
        return new Person(verified.getSubject(), clinicOf(verified), roles);
    }

    private static String clinicClaim(JsonWebToken token) {
        Object clinic = token.getClaim(CLINIC_CLAIM);
        return clinic == null ? null : clinic.toString();
    }

    // What the bearer authentication does not use is smallrye-jwt's, unchanged and not remembered.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }

    int size() {
        synchronized (verified) {
            return verified.size();
        }
    }

    /** Whether the cache holds the token (without counting as a use). */
    boolean holds(String token) {
        synchronized (verified) {
            return verified.containsKey(token);
        }
    }
}
