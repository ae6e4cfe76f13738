package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/** How flags behave: in the answer, deduplicated, escalated, acknowledged, listed. */
@QuarkusTest
class FlagBehaviourTest {

    @Test
    void aNursePosting182Over104SeesACriticalBloodPressureSpikeInTheAnswer() {
        String session = Fixtures.dosingSession(40);
        recordVitals(session, Map.of("systolic", 182, "diastolic", 104, "heartRate", 80, "spo2", 98))
                .statusCode(201)
                .body("flags", hasSize(1))
                .body("flags[0].id", notNullValue())
                .body("flags[0].ruleCode", equalTo("BP_SEVERE"))
                .body("flags[0].ruleVersion", equalTo(1))
                .body("flags[0].table", equalTo("SIDE_EFFECT"))
                .body("flags[0].row", equalTo("Blood pressure spike"))
                .body("flags[0].severity", equalTo("CRITICAL"))
                .body("flags[0].matchedValue", equalTo("182/104"))
                .body("flags[0].status", equalTo("OPEN"))
                .body("flags[0].message", notNullValue())
                .body("flags[0].raisedAt", notNullValue());
    }

    @Test
    void spo2Of93IsAWarningUnderBreathingTrouble() {
        String session = Fixtures.dosingSession(20);
        recordVitals(session, Map.of("spo2", 93))
                .statusCode(201)
                .body("flags.find { it.ruleCode == 'SPO2_LOW' }.severity", equalTo("WARNING"))
                .body("flags.find { it.ruleCode == 'SPO2_LOW' }.row", equalTo("Breathing trouble"))
                .body("flags.find { it.ruleCode == 'SPO2_LOW' }.matchedValue", equalTo("93%"));
    }

    @Test
    void absentValuesRaiseNothing() {
        String session = Fixtures.dosingSession(20);
        recordVitals(session, Map.of("heartRate", 72)).statusCode(201).body("flags", empty());
        recordVitals(session, Map.of("nausea", 2)).statusCode(201).body("flags", empty());
        recordVitals(session, Map.of("temperatureC", 36.9)).statusCode(201).body("flags", empty());
    }

    @Test
    void theReadingCarriesItsNews2() {
        String session = Fixtures.dosingSession(20);
        recordVitals(session, Map.of("respiratoryRate", 21, "spo2", 93, "heartRate", 91))
                .statusCode(201)
                .body("news2.total", equalTo(5))
                .body("news2.maxSingle", equalTo(2))
                .body("news2.parameters", equalTo(3))
                .body("news2.complete", equalTo(false));
    }

    @Test
    void aRepeatMatchCountsAnOccurrenceOnTheOpenFlag() {
        String session = Fixtures.dosingSession(40);
        String first = recordVitals(session, Map.of("systolic", 182, "diastolic", 104))
                .statusCode(201)
                .extract()
                .path("flags[0].id");
        recordVitals(session, Map.of("systolic", 185, "diastolic", 100))
                .statusCode(201)
                .body("flags[0].id", equalTo(first))
                .body("flags[0].occurrences", equalTo(2))
                .body("flags[0].matchedValue", equalTo("185/100"));
        given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .body("findAll { it.ruleCode == 'BP_SEVERE' }", hasSize(1));
    }

    @Test
    void aMoreSevereMatchIsAFlagOfItsOwn() {
        String session = Fixtures.dosingSession(40);
        recordVitals(session, Map.of("systolic", 165, "diastolic", 95))
                .statusCode(201)
                .body("flags.ruleCode", hasItem("BP_HIGH"));
        recordVitals(session, Map.of("systolic", 182, "diastolic", 104))
                .statusCode(201)
                .body("flags.ruleCode", hasItem("BP_SEVERE"))
                .body("flags.ruleCode", not(hasItem("BP_HIGH")));
        given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .body("ruleCode", hasItem("BP_HIGH"))
                .body("ruleCode", hasItem("BP_SEVERE"))
                .body("status", everyItem(equalTo("OPEN")));
    }

    @Test
    void acknowledgingNeedsANoteHappensOnceAndAFreshMatchOpensANewFlag() {
        String session = Fixtures.dosingSession(40);
        String flag = recordVitals(session, Map.of("systolic", 182, "diastolic", 104))
                .statusCode(201)
                .extract()
                .path("flags[0].id");
        acknowledge(flag, Map.of()).statusCode(400).body("violations[0].field", equalTo("note"));
        acknowledge(flag, Map.of("note", "seen, repeat BP in 5 min"))
                .statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedAt", notNullValue())
                .body("acknowledgedBy", notNullValue())
                .body("acknowledgementNote", equalTo("seen, repeat BP in 5 min"));
        acknowledge(flag, Map.of("note", "again")).statusCode(409).contentType("application/problem+json");
        String next = recordVitals(session, Map.of("systolic", 181, "diastolic", 100))
                .statusCode(201)
                .extract()
                .path("flags[0].id");
        assertNotEquals(flag, next);
        given().get("/api/v1/sessions/" + session).then().body("openFlags.id", equalTo(List.of(next)));
    }

    @Test
    void acknowledgingAnUnknownFlagIs404() {
        acknowledge(UUID.randomUUID().toString(), Map.of("note", "x")).statusCode(404);
    }

    @Test
    void flagsListByStatusAndSeverity() {
        String session = Fixtures.dosingSession(40);
        String critical = recordVitals(session, Map.of("systolic", 182, "diastolic", 104))
                .statusCode(201)
                .extract()
                .path("flags[0].id");
        given().queryParam("status", "OPEN")
                .queryParam("severity", "CRITICAL")
                .queryParam("size", 200)
                .get("/api/v1/flags")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(critical))
                .body("items.severity", everyItem(equalTo("CRITICAL")))
                .body("items.status", everyItem(equalTo("OPEN")));
        acknowledge(critical, Map.of("note", "seen")).statusCode(200);
        given().queryParam("status", "ACKNOWLEDGED")
                .queryParam("size", 200)
                .get("/api/v1/flags")
                .then()
                .body("items.id", hasItem(critical));
        given().queryParam("severity", "LOUD")
                .get("/api/v1/flags")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("severity"));
    }

    @Test
    void anAdverseEventAnswersWithItsFlags() {
        String session = Fixtures.dosingSession(30);
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "VOMITING", "grade", 2))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .body("flags.ruleCode", equalTo(List.of("VOMITING_G2")))
                .body("flags[0].adverseEventId", notNullValue())
                .body("flags[0].matchedValue", containsString("grade 2"));
    }

    @Test
    void theSessionShowsItsOpenFlags() {
        String session = Fixtures.dosingSession(30);
        recordVitals(session, Map.of("spo2", 91)).statusCode(201);
        List<String> codes = given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("openFlags.ruleCode");
        assertEquals(
                List.of("SPO2_CRITICAL", "NEWS2_SINGLE_3"),
                codes.stream().sorted((a, b) -> b.compareTo(a)).toList());
    }

    private static io.restassured.response.ValidatableResponse acknowledge(String flag, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/flags/" + flag + "/acknowledge")
                .then();
    }
}
