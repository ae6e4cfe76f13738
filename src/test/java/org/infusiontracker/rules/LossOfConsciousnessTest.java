package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loss of consciousness is CRITICAL at any time (ACVPU_UNRESPONSIVE); ACVPU_REDUCED version 2 keeps
 * "voice" after the 90-minute window; a clinic's own version of ACVPU_REDUCED keeps winning.
 */
@QuarkusTest
class LossOfConsciousnessTest {

    /** The version 1 condition, as a clinic that copied it before version 2 shipped would have it. */
    private static final String VERSION_1_CONDITION =
            "has(reading.consciousness) && reading.consciousness in ['VOICE', 'PAIN', 'UNRESPONSIVE'] "
                    + "&& has(reading.minutesAfterDosingStart) && reading.minutesAfterDosingStart >= 90.0";

    @Inject
    AgroalDataSource db;

    @Test
    void theShippedAcvpuReducedIsVersion2WithItsReasonAndVersion1StaysInTheHistory() {
        given().get("/api/v1/rules/ACVPU_REDUCED")
                .then()
                .statusCode(200)
                .body("current.version", equalTo(2))
                .body("current.clinic", nullValue())
                .body("current.severity", equalTo("CRITICAL"))
                .body("current.condition", containsString("reading.consciousness == 'VOICE'"))
                .body("current.changeReason", containsString("ACVPU_UNRESPONSIVE"))
                .body("current.createdBy", equalTo("seed"))
                .body("versions.version", equalTo(List.of(2, 1)));
        given().get("/api/v1/rules/ACVPU_UNRESPONSIVE")
                .then()
                .statusCode(200)
                .body("current.version", equalTo(1))
                .body("current.source", containsString("S30"))
                .body("current.source", containsString("S8"))
                .body("current.source", containsString("S26"));
    }

    @Test
    void voiceIsReducedConsciousnessFrom90MinutesAfterDosingStarted() {
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String session = sessionStartedAt(Fixtures.patient(), start, given());
        List<Map<String, Object>> early = flags(reading(given(), session, start.plusSeconds(89 * 60 + 59), "VOICE"));
        assertFalse(codes(early).contains("ACVPU_REDUCED"), () -> "VOICE at 89:59 raised " + early);
        assertFalse(codes(early).contains("ACVPU_UNRESPONSIVE"), () -> "VOICE raised " + early);

        Map<String, Object> reduced =
                flag(reading(given(), session, start.plusSeconds(90 * 60), "VOICE"), "ACVPU_REDUCED");
        assertEquals("CRITICAL", reduced.get("severity"));
        assertEquals(2, reduced.get("ruleVersion"));
        assertEquals("VOICE", reduced.get("matchedValue"));
    }

    @ParameterizedTest(name = "{0} at 120 min")
    @ValueSource(strings = {"PAIN", "UNRESPONSIVE"})
    void painOrUnresponsiveAfterTheWindowIsLossOfConsciousnessNotReducedConsciousness(String acvpu) {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String session = sessionStartedAt(Fixtures.patient(), start, given());
        JsonPath answer = reading(given(), session, start.plus(Duration.ofMinutes(120)), acvpu);
        assertEquals("CRITICAL", flag(answer, "ACVPU_UNRESPONSIVE").get("severity"));
        assertEquals(acvpu, flag(answer, "ACVPU_UNRESPONSIVE").get("matchedValue"));
        assertFalse(codes(flags(answer)).contains("ACVPU_REDUCED"));
    }

    @Test
    void alertRaisesNoConsciousnessFlagBeforeDuringOrAfterDosing() {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String session = sessionStartedAt(Fixtures.patient(), start, given());
        for (int minute : new int[] {-10, 10, 90, 120}) {
            List<Map<String, Object>> raised =
                    flags(reading(given(), session, start.plus(Duration.ofMinutes(minute)), "ALERT"));
            assertTrue(
                    codes(raised).stream().noneMatch(code -> code.startsWith("ACVPU_")),
                    () -> "ALERT at " + minute + " min raised " + raised);
        }
    }

    /**
     * A clinic that wrote its own ACVPU_REDUCED before version 2 shipped has a version 2 of its own:
     * that one, not the shipped version 2, is in force for it and fires.
     */
    @Test
    void aClinicsVersionWrittenBeforeTheShippedVersion2KeepsWinning() throws SQLException {
        String clinic = "own-acvpu-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement("insert into rule (id, clinic_id, code, version, "
                        + "seed_table, seed_row, severity, trigger, condition, matched_value, message, source, "
                        + "created_at, created_by, change_reason) values (gen_random_uuid(), ?, 'ACVPU_REDUCED', 2, "
                        + "'SIDE_EFFECT', 'Confusion', 'WARNING', 'READING', ?, 'reading.consciousness', "
                        + "'Our protocol: reduced consciousness after 90 minutes', 'clinic protocol', "
                        + "now() - interval '30 days', 'clinic.admin', 'warning rather than critical')")) {
            insert.setString(1, clinic);
            insert.setString(2, VERSION_1_CONDITION);
            assertEquals(1, insert.executeUpdate());
        }
        RequestSpecification asClinic = as(clinic);

        JsonPath inForce =
                asClinic.get("/api/v1/rules").then().statusCode(200).extract().jsonPath();
        assertEquals(clinic, inForce.getString("find { it.code == 'ACVPU_REDUCED' }.clinic"));
        assertEquals(VERSION_1_CONDITION, inForce.getString("find { it.code == 'ACVPU_REDUCED' }.condition"));

        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String session = sessionStartedAt(patient(as(clinic)), start, as(clinic));
        // PAIN at 120 minutes: the clinic's version matches it, the shipped version 2 would not.
        Map<String, Object> own =
                flag(reading(as(clinic), session, start.plus(Duration.ofMinutes(120)), "PAIN"), "ACVPU_REDUCED");
        assertEquals("WARNING", own.get("severity"));
        assertEquals("Our protocol: reduced consciousness after 90 minutes", own.get("message"));
    }

    @Test
    void aClinicsEditOfAcvpuReducedIsWhatItSeesAndWhatFires() {
        String clinic = "edit-acvpu-" + UUID.randomUUID().toString().substring(0, 8);
        as(clinic)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "condition",
                        "has(reading.consciousness) && reading.consciousness == 'VOICE' "
                                + "&& has(reading.minutesAfterDosingStart) && reading.minutesAfterDosingStart >= 60.0",
                        "message",
                        "Voice only from 60 minutes",
                        "reason",
                        "our window is 60 minutes"))
                .put("/api/v1/rules/ACVPU_REDUCED")
                .then()
                .statusCode(200)
                .body("version", equalTo(3))
                .body("clinic", equalTo(clinic));
        as(clinic)
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .body("find { it.code == 'ACVPU_REDUCED' }.clinic", equalTo(clinic))
                .body("find { it.code == 'ACVPU_REDUCED' }.version", equalTo(3));
        // Every other clinic keeps the shipped version 2.
        given().get("/api/v1/rules")
                .then()
                .body("find { it.code == 'ACVPU_REDUCED' }.version", equalTo(2))
                .body("findAll { it.code == 'ACVPU_REDUCED' }.clinic", not(hasItem(clinic)));

        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String session = sessionStartedAt(patient(as(clinic)), start, as(clinic));
        Map<String, Object> own =
                flag(reading(as(clinic), session, start.plus(Duration.ofMinutes(70)), "VOICE"), "ACVPU_REDUCED");
        assertEquals(3, own.get("ruleVersion"));
        assertEquals("Voice only from 60 minutes", own.get("message"));
    }

    private static RequestSpecification as(String clinic) {
        return given().header(
                        "Authorization",
                        TestTokens.bearer(TestTokens.token(clinic, "clinic.user", "nurse", "physician", "admin")));
    }

    private static String patient(RequestSpecification as) {
        return as.contentType(ContentType.JSON)
                .body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Own rules", "weightKg", 70))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String sessionStartedAt(String patient, Instant start, RequestSpecification as) {
        String session = given().spec(as)
                .contentType(ContentType.JSON)
                .body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // The blood pressure the dosing gate asks for in the hour before dosing.
        given().spec(as)
                .contentType(ContentType.JSON)
                .body(Map.of("measuredAt", start.minusSeconds(300).toString(), "systolic", 120, "diastolic", 80))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201);
        given().spec(as)
                .contentType(ContentType.JSON)
                .body(Map.of("at", start.toString()))
                .post("/api/v1/sessions/" + session + "/start-dosing")
                .then()
                .statusCode(200);
        return session;
    }

    private static JsonPath reading(RequestSpecification as, String session, Instant at, String acvpu) {
        return given().spec(as)
                .contentType(ContentType.JSON)
                .body(Map.of("measuredAt", at.toString(), "consciousness", acvpu))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static List<Map<String, Object>> flags(JsonPath answer) {
        return answer.getList("flags");
    }

    private static List<String> codes(List<Map<String, Object>> flags) {
        return flags.stream().map(f -> (String) f.get("ruleCode")).toList();
    }

    private static Map<String, Object> flag(JsonPath answer, String code) {
        return flags(answer).stream()
                .filter(f -> code.equals(f.get("ruleCode")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(code + " was not raised: " + flags(answer)));
    }
}
