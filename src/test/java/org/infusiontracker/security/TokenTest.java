package org.infusiontracker.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Set;
import org.infusiontracker.DefaultTokenFilter;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;
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
                .subject("forger")
                .groups(Set.of("physician"))
                .claim("clinic", TestTokens.CLINIC)
                .sign(generator.generateKeyPair().getPrivate())));
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        refused(TestTokens.bearer(Jwt.issuer("https://elsewhere.example/issuer")
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
                                .subject("nowhere")
                                .groups(Set.of("nurse"))
                                .sign()))
                .get("/api/v1/sessions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"})
    void operationsNeedNoToken(String path) {
        given().header(DefaultTokenFilter.NO_TOKEN, "1").get(path).then().statusCode(200);
    }

    @Test
    void productionRefusesToStartWithoutAKeyOrIssuer() {
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER"),
                JwtConfigGuard.missing(java.util.Optional.empty(), java.util.Optional.of(" ")));
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of(),
                JwtConfigGuard.missing(
                        java.util.Optional.of("https://idp/jwks"), java.util.Optional.of("https://idp")));
    }
}
