package org.infusiontracker.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Recognises the repository's dev public key (dev/jwt/public-key.pem) by the SHA-256 of its
 * SubjectPublicKeyInfo, however the key file is written: PEM, or a JSON Web Key (Set). The
 * fingerprint is fixed here rather than read from the repository, so that a copy of the key under
 * another name is still recognised.
 */
final class DevKey {

    /** {@code openssl pkey -pubin -in dev/jwt/public-key.pem -outform DER | sha256sum} */
    static final String FINGERPRINT = "8cc2ba59aa8c24f536bb68465d078e86dc220a35beedb22c43bcdfdcf9286195";

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private DevKey() {}

    /**
     * Whether the key file at {@code location} holds the dev key. An https address is not fetched
     * (its issuer is checked instead); a file that cannot be read is not ours to judge here (token
     * verification reports it).
     */
    static boolean isDevKey(String location) {
        try {
            String text = read(location.strip());
            return text != null && fingerprints(text).contains(FINGERPRINT);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The SHA-256 fingerprints of every public key in a PEM or JWK(S) text. */
    static List<String> fingerprints(String text) {
        List<String> found = new ArrayList<>();
        Matcher pem = PEM.matcher(text);
        while (pem.find()) {
            found.add(sha256(Base64.getMimeDecoder().decode(pem.group(1).strip())));
        }
        String json = text.strip();
        if (json.startsWith("{")) {
            for (JsonWebKey key : jsonWebKeys(json)) {
                if (key instanceof PublicJsonWebKey publicKey) {
                    found.add(sha256(publicKey.getPublicKey().getEncoded()));
                }
            }
        }
        return found;
    }

    private static List<JsonWebKey> jsonWebKeys(String json) {
        try {
            return json.contains("\"keys\"")
                    ? new JsonWebKeySet(json).getJsonWebKeys()
                    : List.of(JsonWebKey.Factory.newJwk(json));
        } catch (JoseException e) {
            return List.of();
        }
    }

    private static String read(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return null;
        }
        try {
            if (lower.startsWith("classpath:")) {
                String name = location.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in =
                        Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                    return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Path path = Path.of(lower.startsWith("file:") ? location.substring("file:".length()) : location);
            return Files.isReadable(path) ? Files.readString(path) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
