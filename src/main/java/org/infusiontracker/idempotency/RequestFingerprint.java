package org.infusiontracker.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes a retry "the same request" for an idempotency key: a SHA-256 of the method, the path
 * and the arguments the resource method received (the body as the service read it, and the path
 * parameters the path already names), written back as JSON with map keys sorted. Hashing what
 * the service understood rather than the raw bytes means that whitespace, field order, an
 * explicit null for an absent field or a time written with another offset do not turn a retry
 * into a different request; any change of meaning does.
 */
@Singleton
public class RequestFingerprint {

    private final ObjectMapper canonical;

    RequestFingerprint(ObjectMapper mapper) {
        // Records always write their fields in declaration order; only maps keep the client's order.
        this.canonical = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public String of(String method, String path, Object[] arguments) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(canonical.writeValueAsBytes(arguments));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            // Every JVM has SHA-256, and the arguments were just read from JSON.
            throw new IllegalStateException("Cannot fingerprint the request to " + path, e);
        }
    }
}
