package org.infusiontracker.vitals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.readingCount;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.startDosing;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class VitalsResourceTest {

    private static Map<String, Object> fullReading(String measuredAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("measuredAt", measuredAt);
        body.put("systolic", 182);
        body.put("diastolic", 104);
        body.put("heartRate", 96);
        body.put("spo2", 97);
        body.put("respiratoryRate", 16);
        body.put("temperatureC", 36.8);
        body.put("onOxygen", false);
        body.put("sedationMoaas", 4);
        body.put("dissociationCadss", 12);
        body.put("nausea", 3);
        body.put("consciousness", "ALERT");
        return body;
    }

    @Test
    void recordsEveryValueWithClinicalAndServerTime() {
        String session = Fixtures.dosingSession(40);
        String measuredAt = ago(1);
        String id = recordVitals(session, fullReading(measuredAt))
                .statusCode(201)
                .header("Location", containsString("/api/v1/vitals/"))
                .body("sessionId", equalTo(session))
                .body("measuredAt", equalTo(measuredAt))
                .body("recordedAt", notNullValue())
                .body("lateEntry", equalTo(false))
                .body("systolic", equalTo(182))
                .body("diastolic", equalTo(104))
                .body("heartRate", equalTo(96))
                .body("spo2", equalTo(97))
                .body("respiratoryRate", equalTo(16))
                .body("temperatureC", equalTo(36.8f))
                .body("onOxygen", equalTo(false))
                .body("sedationMoaas", equalTo(4))
                .body("dissociationCadss", equalTo(12))
                .body("nausea", equalTo(3))
                .body("consciousness", equalTo("ALERT"))
                .extract()
                .path("id");
        given().get("/api/v1/vitals/" + id)
                .then()
                .statusCode(200)
                .body("systolic", equalTo(182))
                .body("measuredAt", equalTo(measuredAt));
    }

    @Test
    void anySubsetOfValuesIsAReading() {
        String session = Fixtures.dosingSession(10);
        recordVitals(session, Map.of("spo2", 93))
                .statusCode(201)
                .body("spo2", equalTo(93))
                .body("systolic", nullValue())
                .body("measuredAt", notNullValue());
    }

    @Test
    void abnormalButPossibleValuesAreStored() {
        String session = Fixtures.dosingSession(10);
        recordVitals(
                        session,
                        Map.of(
                                "systolic",
                                240,
                                "diastolic",
                                130,
                                "spo2",
                                85,
                                "heartRate",
                                150,
                                "respiratoryRate",
                                6,
                                "sedationMoaas",
                                0))
                .statusCode(201);
        assertEquals(1, readingCount(session));
    }

    @Test
    void listsReadingsInClinicalTimeOrderWhateverTheOrderTheyCameIn() {
        String session = Fixtures.dosingSession(60);
        String late = recordVitals(session, Map.of("measuredAt", ago(5), "heartRate", 80))
                .statusCode(201)
                .extract()
                .path("id");
        String early = recordVitals(session, Map.of("measuredAt", ago(50), "heartRate", 70))
                .statusCode(201)
                .extract()
                .path("id");
        String middle = recordVitals(session, Map.of("measuredAt", ago(30), "heartRate", 75))
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(200)
                .body("id", contains(early, middle, late));
    }

    @Test
    void theFirstReadingBeforeDosingIsTheBaselineAndTheLatestIsShown() {
        String session = Fixtures.session();
        String baseline = recordVitals(session, Map.of("measuredAt", ago(70), "systolic", 128, "diastolic", 82))
                .statusCode(201)
                .extract()
                .path("id");
        recordVitals(session, Map.of("measuredAt", ago(65), "systolic", 130, "diastolic", 84))
                .statusCode(201);
        startDosing(session, Map.of("at", ago(60))).statusCode(200);
        String latest = recordVitals(session, Map.of("measuredAt", ago(20), "systolic", 150, "diastolic", 95))
                .statusCode(201)
                .extract()
                .path("id");
        recordVitals(session, Map.of("measuredAt", ago(40), "systolic", 160, "diastolic", 98))
                .statusCode(201);
        given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .body("baseline.id", equalTo(baseline))
                .body("baseline.systolic", equalTo(128))
                .body("latestReading.id", equalTo(latest));
    }

    @Test
    void aSessionWithoutReadingsHasNoBaselineField() {
        String session = Fixtures.session();
        given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("baseline")));
    }

    @ParameterizedTest(name = "{0}={1} is impossible")
    @CsvSource({
        "systolic, 39", "systolic, 301",
        "diastolic, 19", "diastolic, 201",
        "heartRate, -1", "heartRate, 301",
        "spo2, -1", "spo2, 101",
        "respiratoryRate, -1", "respiratoryRate, 81",
        "temperatureC, 29.9", "temperatureC, 45.1",
        "sedationMoaas, -1", "sedationMoaas, 6",
        "dissociationCadss, -1", "dissociationCadss, 93",
        "nausea, -1", "nausea, 11",
    })
    void impossibleValuesAreRefusedNamingTheFieldAndNothingIsStored(String field, String value) {
        String session = Fixtures.dosingSession(10);
        Map<String, Object> body = new HashMap<>(Map.of("systolic", 120, "diastolic", 80));
        body.put(field, value.contains(".") ? (Object) Double.valueOf(value) : (Object) Integer.valueOf(value));
        recordVitals(session, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem(field));
        assertEquals(0, readingCount(session));
    }

    @ParameterizedTest(name = "{0}={1} is at the limit and accepted")
    @CsvSource({
        "systolic, 300",
        "diastolic, 20",
        "heartRate, 0",
        "heartRate, 300",
        "spo2, 0",
        "spo2, 100",
        "respiratoryRate, 0",
        "respiratoryRate, 80",
        "temperatureC, 30.0",
        "temperatureC, 45.0",
        "sedationMoaas, 0",
        "sedationMoaas, 5",
        "dissociationCadss, 0",
        "dissociationCadss, 92",
        "nausea, 0",
        "nausea, 10",
    })
    void valuesAtTheImpossibleLimitsAreAccepted(String field, String value) {
        String session = Fixtures.dosingSession(10);
        Map<String, Object> body = new HashMap<>();
        if (field.equals("diastolic")) {
            body.put("systolic", 120);
        }
        if (field.equals("systolic")) {
            body.put("diastolic", 80);
        }
        body.put(field, value.contains(".") ? (Object) Double.valueOf(value) : (Object) Integer.valueOf(value));
        recordVitals(session, body).statusCode(201);
    }

    /**
     * What a monitor shows in an emergency is stored, not refused (design.md section 8), and it
     * raises the CRITICAL flag of its band.
     */
    @ParameterizedTest(name = "{0}={1} is stored and raises {2}")
    @CsvSource({
        "spo2, 0, SPO2_CRITICAL",
        "spo2, 49, SPO2_CRITICAL",
        "heartRate, 0, HR_LOW_CRITICAL",
        "heartRate, 19, HR_LOW_CRITICAL",
        "heartRate, 300, HR_HIGH_CRITICAL",
    })
    void emergencyValuesAreStoredAndRaiseTheirCriticalFlag(String field, int value, String rule) {
        String session = Fixtures.dosingSession(10);
        String id = recordVitals(session, Map.of(field, value))
                .statusCode(201)
                .body(field, equalTo(value))
                .body("flags.find { it.ruleCode == '" + rule + "' }.severity", equalTo("CRITICAL"))
                .extract()
                .path("id");
        given().get("/api/v1/vitals/" + id).then().statusCode(200).body(field, equalTo(value));
        assertEquals(1, readingCount(session));
    }

    @ParameterizedTest(name = "{0}={1} is impossible")
    @CsvSource({"spo2, 101", "heartRate, 301"})
    void pastTheEmergencyRangeIsStillImpossible(String field, int value) {
        String session = Fixtures.dosingSession(10);
        recordVitals(session, Map.of(field, value))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains(field));
        assertEquals(0, readingCount(session));
    }

    @Test
    void theDocumentShowsTheEmergencyLimits() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("components.schemas.RecordReading.properties.spo2.minimum", equalTo(0))
                .body("components.schemas.RecordReading.properties.spo2.maximum", equalTo(100))
                .body("components.schemas.RecordReading.properties.heartRate.minimum", equalTo(0))
                .body("components.schemas.RecordReading.properties.heartRate.maximum", equalTo(300));
    }

    /** A correction is held to the same limits as a new reading, emergency values included. */
    @ParameterizedTest(name = "corrected to {0}={1}: {2}")
    @CsvSource({
        "spo2, 0, 201",
        "heartRate, 0, 201",
        "heartRate, 300, 201",
        "spo2, 101, 400",
        "heartRate, 301, 400",
        "heartRate, -1, 400",
    })
    void aCorrectionFollowsTheSameLimits(String field, int value, int status) {
        String session = Fixtures.dosingSession(10);
        int normal = field.equals("spo2") ? 97 : 80;
        String id = recordVitals(session, Map.of(field, normal))
                .statusCode(201)
                .extract()
                .path("id");
        var answer = Fixtures.amend("vitals", id, Map.of(field, value, "reason", "monitor reading"))
                .statusCode(status);
        if (status == 400) {
            answer.body("violations.field", contains(field));
            given().get("/api/v1/vitals/" + id).then().statusCode(200).body("status", equalTo("FINAL"));
        } else {
            answer.body(field, equalTo(value)).body("flags.severity", hasItem("CRITICAL"));
        }
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"systolic\":120,\"diastolic\":120} | diastolic | diastolic equal to systolic",
                "{\"systolic\":110,\"diastolic\":130} | diastolic | diastolic above systolic",
                "{\"systolic\":120} | diastolic | systolic alone",
                "{\"diastolic\":80} | systolic | diastolic alone",
                "{} | reading | no value at all",
                "{\"measuredAt\":\"2026-11-26T10:00:00Z\"} | reading | a time but no value",
                "{\"consciousness\":\"DROWSY\"} | consciousness | unknown ACVPU level",
                "{\"spo2\":97.5} | spo2 | a fraction where a whole number belongs",
                "{\"spo2\":\"97\"} | spo2 | a number sent as a string",
                "{\"onOxygen\":1} | onOxygen | a number where a boolean belongs",
                "{\"spo2\":97,\"sp02\":97} | sp02 | an unknown field",
                "{\"spo2\":97,\"measuredAt\":\"2026-11-26T10:00:00\"} | measuredAt | a time without offset",
                "{\"spo2\":97,\"measuredAt\":\"2999-01-01T00:00:00Z\"} | measuredAt | a time in the future",
            })
    void readingsThatCannotBeTrueAreRefused(String json, String field, String why) {
        String session = Fixtures.dosingSession(10);
        given().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        assertEquals(0, readingCount(session));
    }

    @Test
    void aReadingChartedAfterDischargeButMeasuredBeforeIsALateEntry() {
        String session = Fixtures.dosingSession(150);
        transition(session, "end-dosing", Map.of("at", ago(110))).statusCode(200);
        Fixtures.dischargeAnyway(session, ago(10));
        recordVitals(session, Map.of("measuredAt", ago(30), "systolic", 130, "diastolic", 85))
                .statusCode(201)
                .body("lateEntry", equalTo(true));
    }

    @Test
    void aReadingMeasuredAfterTheSessionClosedIsAConflict() {
        String session = Fixtures.dosingSession(30);
        transition(session, "abort", Map.of("at", ago(10), "reason", "nausea")).statusCode(200);
        recordVitals(session, Map.of("measuredAt", ago(5), "spo2", 97))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Session closed"));
        assertEquals(0, readingCount(session));
    }

    @Test
    void unknownSessionOrReadingIs404() {
        recordVitals(UUID.randomUUID().toString(), Map.of("spo2", 97))
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/sessions/" + UUID.randomUUID() + "/vitals").then().statusCode(404);
        given().get("/api/v1/vitals/" + UUID.randomUUID()).then().statusCode(404);
    }
}
