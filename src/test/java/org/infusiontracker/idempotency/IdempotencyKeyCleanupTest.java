package org.infusiontracker.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/** Keys are kept for the retention (48 hours by default) and then forgotten. */
@QuarkusTest
class IdempotencyKeyCleanupTest {

    @Inject
    IdempotencyKeyCleanup cleanup;

    private static ValidatableResponse createPatient(String key, String mrn) {
        return given().contentType(ContentType.JSON)
                .header(IdempotencyInterceptor.HEADER, key)
                .body(Map.of("mrn", mrn, "displayName", "J. D."))
                .post("/api/v1/patients")
                .then();
    }

    private static void setClock(Instant at) {
        QuarkusMock.installMockForType(Clock.fixed(at, ZoneOffset.UTC), Clock.class);
    }

    @Test
    void removesKeysOlderThanTheRetentionAndKeepsNewerOnes() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String expiredKey = UUID.randomUUID().toString();
        String expiredMrn = Fixtures.newMrn();
        String keptKey = UUID.randomUUID().toString();
        String keptMrn = Fixtures.newMrn();

        setClock(now.minus(Duration.ofHours(49)));
        createPatient(expiredKey, expiredMrn).statusCode(201);
        setClock(now.minus(Duration.ofHours(47)));
        String kept = createPatient(keptKey, keptMrn).statusCode(201).extract().path("id");
        setClock(now);
        assertTrue(cleanup.removeExpired() >= 1);

        // The expired key is forgotten: its retry is a new request, refused as a duplicate MRN.
        createPatient(expiredKey, expiredMrn).statusCode(409);
        createPatient(keptKey, keptMrn)
                .statusCode(201)
                .header(IdempotencyInterceptor.REPLAYED, "true")
                .body("id", equalTo(kept));
    }
}
