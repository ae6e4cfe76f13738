package org.infusiontracker.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.infusiontracker.DefaultTokenFilter;
import org.infusiontracker.TestTokens;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No clinical data without a valid token; operations endpoints stay open. */
@QuarkusTest
class TokenTest {

    private static void refused(String authorization) {
        var request = given();
        request = authorization == null
                ? request.header(DefaultTokenFilter.NO_TOKEN, "1")
                : request.header("Authorization", authorization);
        request.get("/api/v1/sessions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @Test
    void noTokenIs401() {
        refused(null);
    }

    @Test
    void anExpiredTokenIs401() {
        refused(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("late")
                .groups(Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign()));
    }

    /** The algorithm is pinned: an ES256 token is refused where RS256 is configured, whatever its key. */
    @Test
    void aTokenSignedWithAnotherAlgorithmIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        refused(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("forger")
                .groups(Set.of("physician"))
                .claim("clinic", TestTokens.CLINIC)
                .jws()
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
                .sign(generator.generateKeyPair().getPrivate())));
    }

    @Test
    void productionRefusesAPlainHttpKeySetAndOtherAlgorithms() {
        org.junit.jupiter.api.Assertions.assertEquals(
                2,
                JwtConfigGuard.unsafe(java.util.Optional.of("http://idp/jwks"), java.util.Optional.of("HS256"))
                        .size());
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of(),
                JwtConfigGuard.unsafe(java.util.Optional.of("https://idp/jwks"), java.util.Optional.of("ES256")));
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of(),
                JwtConfigGuard.unsafe(java.util.Optional.of("/etc/keys/idp.pem"), java.util.Optional.empty()));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("forger")
                .groups(Set.of("physician"))
                .claim("clinic", TestTokens.CLINIC)
                .sign(generator.generateKeyPair().getPrivate())));
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        refused(TestTokens.bearer(Jwt.issuer("https://elsewhere.example/issuer")
                .audience(TestTokens.AUDIENCE)
                .subject("stranger")
                .groups(Set.of("physician"))
                .claim("clinic", TestTokens.CLINIC)
                .sign()));
    }

    @Test
    void garbageIs401() {
        refused("Bearer not.a.token");
    }

    /** A clinic claim that is no clinic id is a bad token: "*" would name the rules shipped to every clinic. */
    @ParameterizedTest
    @ValueSource(strings = {"*", "", "a b", "clinic/../other", "x'; drop table rule; --"})
    void aClinicClaimThatIsNoClinicIdIs401(String clinic) {
        refused(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("wildcard")
                .groups(Set.of("admin"))
                .claim("clinic", clinic)
                .sign()));
    }

    @Test
    void aSixtyFourCharacterClinicIdIsAClinic() {
        given().header("Authorization", TestTokens.bearer(TestTokens.token("c".repeat(64), "long.clinic", "viewer")))
                .get("/api/v1/sessions")
                .then()
                .statusCode(200);
        refused(TestTokens.bearer(TestTokens.token("c".repeat(65), "longer.clinic", "viewer")));
    }

    @Test
    void aTokenWithoutAClinicIs403() {
        given().header(
                        "Authorization",
                        TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                                .audience(TestTokens.AUDIENCE)
                                .subject("nowhere")
                                .groups(Set.of("nurse"))
                                .sign()))
                .get("/api/v1/sessions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/openapi"})
    void operationsNeedNoToken(String path) {
        given().header(DefaultTokenFilter.NO_TOKEN, "1").get(path).then().statusCode(200);
    }

    @Test
    void productionRefusesToStartWithoutAKeyIssuerOrAudience() {
        assertEquals(
                List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES"),
                JwtConfigGuard.missing(Optional.empty(), Optional.of(" "), Optional.empty()));
        assertEquals(
                List.of("MP_JWT_VERIFY_AUDIENCES"),
                JwtConfigGuard.missing(Optional.of("https://idp/jwks"), Optional.of("https://idp"), Optional.of("")));
        assertEquals(
                List.of(),
                JwtConfigGuard.missing(
                        Optional.of("https://idp/jwks"), Optional.of("https://idp"), Optional.of("infusion-tracker")));
    }

    /** A token the identity provider issued for another of the clinic's applications is no token here. */
    @Test
    void aTokenForAnotherAudienceIs401() {
        refused(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience("billing")
                .subject("elsewhere")
                .groups(Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .sign()));
    }

    @Test
    void aTokenWithoutAnAudienceIs401() {
        refused(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .subject("anyone")
                .groups(Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .sign()));
    }

    /** The dev key is recognised by its fingerprint, wherever it is copied and however it is written. */
    @Test
    void productionRecognisesTheDevKeyAsPemOrJsonWebKey(@TempDir Path dir) throws Exception {
        String pem = Files.readString(Path.of("dev/jwt/public-key.pem"));
        Path copy = Files.writeString(dir.resolve("idp.pem"), pem);
        assertEquals(
                List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION holds the dev public key of dev/jwt/"),
                JwtConfigGuard.devTrust(Optional.of(copy.toString()), Optional.of("https://idp"), List.of("prod")));
        assertTrue(DevKey.isDevKey("file:" + copy));

        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                        .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip())));
        String jwks = "{\"keys\":[" + new RsaJsonWebKey(key).toJson() + "]}";
        assertTrue(DevKey.isDevKey(
                Files.writeString(dir.resolve("jwks.json"), jwks).toString()));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String other = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder()
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Path clinicKey = Files.writeString(dir.resolve("clinic.pem"), other);
        assertEquals(
                List.of(),
                JwtConfigGuard.devTrust(
                        Optional.of(clinicKey.toString()), Optional.of("https://idp"), List.of("prod")));
        assertFalse(DevKey.isDevKey("https://idp.example/jwks"));
        assertFalse(DevKey.isDevKey(dir.resolve("missing.pem").toString()));
    }

    @Test
    void productionRecognisesTheDevIssuerAndTheDevAndTestProfiles() {
        assertEquals(
                List.of(
                        "MP_JWT_VERIFY_ISSUER is the dev issuer https://infusion-tracker.dev/issuer",
                        "the dev profile is active",
                        "the test profile is active"),
                JwtConfigGuard.devTrust(
                        Optional.of("https://idp/jwks"),
                        Optional.of(" https://infusion-tracker.dev/issuer "),
                        List.of("dev", "test", "prod")));
        assertEquals(
                List.of(),
                JwtConfigGuard.devTrust(
                        Optional.of("https://idp/jwks"), Optional.of("https://idp.clinic.example"), List.of("prod")));
    }
}
