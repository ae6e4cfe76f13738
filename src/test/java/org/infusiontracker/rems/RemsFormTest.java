package org.infusiontracker.rems;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.security.Roles;
import org.junit.jupiter.api.Test;

/**
 * The REMS Patient Monitoring Form filled from the session's records: each session is placed in
 * clinical time (dosing started {@code T0}, readings at known minutes after it), so the form's
 * blood pressures and the evaluation question's answer are known in advance.
 */
@QuarkusTest
class RemsFormTest {

    /** An esketamine session of a new patient, taking a benzodiazepine, whose dosing started at {@code t0}. */
    private static String dosedAt(Instant t0, Map<String, Object> predose) {
        Map<String, Object> body = Fixtures.esketamineSessionBody(Fixtures.patient());
        body.put("concomitantMedications", List.of("BENZODIAZEPINE"));
        String id = given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .body("concomitantMedications", equalTo(List.of("BENZODIAZEPINE")))
                .extract()
                .path("id");
        if (predose != null) {
            reading(id, t0.minus(10, ChronoUnit.MINUTES), predose);
        }
        Fixtures.startDosing(id, Map.of("at", t0.toString())).statusCode(200);
        Fixtures.transition(id, "end-dosing", Map.of("at", at(t0, 5), "administeredDoseMg", 84))
                .statusCode(200);
        return id;
    }

    private static String at(Instant t0, int minutes) {
        return t0.plus(minutes, ChronoUnit.MINUTES).toString();
    }

    private static String reading(String session, Instant measuredAt, Map<String, Object> values) {
        Map<String, Object> body = new HashMap<>(values);
        body.put("measuredAt", measuredAt.toString());
        return Fixtures.recordVitals(session, body).statusCode(201).extract().path("id");
    }

    private static String reading(String session, Instant t0, int minutes, Map<String, Object> values) {
        return reading(session, t0.plus(minutes, ChronoUnit.MINUTES), values);
    }

    /** Normal vital signs with some values changed. */
    private static Map<String, Object> normal(Object... changes) {
        Map<String, Object> values = new HashMap<>(Fixtures.NORMAL_VITALS);
        for (int i = 0; i < changes.length; i += 2) {
            values.put((String) changes[i], changes[i + 1]);
        }
        return values;
    }

    private static Instant minutesAgo(long minutes) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(minutes, ChronoUnit.MINUTES);
    }

    /** Every line of the list of forms in a status (null: all), page by page, by session id. */
    private static Map<String, Map<String, Object>> listed(String token, String status) {
        Map<String, Map<String, Object>> lines = new HashMap<>();
        for (int page = 0; ; page++) {
            var request = given().header("Authorization", TestTokens.bearer(token))
                    .queryParam("page", page)
                    .queryParam("size", 200);
            if (status != null) {
                request = request.queryParam("status", status);
            }
            JsonPath answer = request.get("/api/v1/rems-forms")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> items = answer.getList("items");
            items.forEach(line -> lines.put((String) line.get("sessionId"), line));
            if (items.isEmpty() || (page + 1) * 200L >= answer.getLong("total")) {
                return lines;
            }
        }
    }

    private static String form(String session) {
        return "/api/v1/sessions/" + session + "/rems-form";
    }

    /**
     * Dosing 150 minutes ago, discharged 130 minutes after it. Sedated and dissociated at 10
     * minutes; blood pressure at 38 (amended) and 45 minutes; MOAA/S 4 at 60; every criterion met
     * at 70; blood pressure before leaving at 125.
     */
    private static String completeSession(Instant t0) {
        String s = dosedAt(t0, normal("systolic", 128, "diastolic", 82));
        reading(s, t0, 10, Map.of("systolic", 150, "diastolic", 95, "sedationMoaas", 3, "dissociationCadss", 10));
        String at38 = reading(s, t0, 38, Map.of("systolic", 140, "diastolic", 90));
        Fixtures.amend("vitals", at38, Map.of("systolic", 138, "diastolic", 88, "reason", "misread cuff"))
                .statusCode(201);
        reading(s, t0, 45, Map.of("systolic", 135, "diastolic", 85));
        reading(s, t0, 60, normal("sedationMoaas", 4));
        reading(s, t0, 70, normal());
        reading(s, t0, 125, normal("systolic", 124, "diastolic", 80));
        Fixtures.dischargeAnyway(s, at(t0, 130));
        return s;
    }

    @Test
    void theFormIsFilledFromTheRecordsInForce() {
        Instant t0 = minutesAgo(150);
        String s = completeSession(t0);
        Instant discharged = t0.plus(130, ChronoUnit.MINUTES);
        given().get(form(s))
                .then()
                .statusCode(200)
                .body("sessionId", equalTo(s))
                .body("status", equalTo("DRAFT"))
                .body("dueBy", equalTo(discharged.plus(7, ChronoUnit.DAYS).toString()))
                .body("complete", equalTo(true))
                .body("missing", equalTo(List.of()))
                .body("patient.displayName", equalTo("Test Patient"))
                .body("patient.birthYear", equalTo(1980))
                .body(
                        "treatmentDate",
                        equalTo(t0.atOffset(ZoneOffset.UTC).toLocalDate().toString()))
                .body("firstTreatment", equalTo(true))
                .body("doseMg", equalTo(84))
                .body("devices", equalTo(3))
                .body("lotNumber", equalTo("L123"))
                .body("concomitantMedications.benzodiazepines", equalTo(true))
                .body("concomitantMedications.opioids", equalTo(false))
                // The gate's 120/80 five minutes before dosing was retracted: the one before it counts.
                .body("bloodPressure.predose.systolic", equalTo(128))
                .body("bloodPressure.predose.diastolic", equalTo(82))
                .body("bloodPressure.predose.measuredAt", equalTo(at(t0, -10)))
                // 38 minutes is closer to 40 than 45; its amendment counts.
                .body("bloodPressure.postdose40.systolic", equalTo(138))
                .body("bloodPressure.postdose40.diastolic", equalTo(88))
                .body("bloodPressure.postdose40.measuredAt", equalTo(at(t0, 38)))
                .body("bloodPressure.beforeLeaving.systolic", equalTo(124))
                .body("bloodPressure.beforeLeaving.measuredAt", equalTo(at(t0, 125)))
                .body("vitalSignsAcceptable.predose", equalTo(true))
                .body("vitalSignsAcceptable.beforeLeaving", equalTo(true))
                .body("sedation.occurred", equalTo(true))
                .body("sedation.details", equalTo("MOAA/S 3 at 10 min"))
                .body("dissociation.occurred", equalTo(true))
                .body("dissociation.details", equalTo("CADSS 10 at 10 min"))
                .body("respiratoryDepression.occurred", equalTo(false))
                .body("respiratoryDepression.details", nullValue())
                .body("monitoringMinutes", equalTo(130))
                .body("minutesUntilReadyToLeave", equalTo(70))
                .body("monitoringClinician", equalTo("nurse.a"))
                .body("seriousAdverseEvents", equalTo(List.of()))
                .body("submittedBy", nullValue())
                .body("submittedAt", nullValue());
    }

    @Test
    void thePdfIsOnePageWithTheSameContent() throws IOException {
        Instant t0 = minutesAgo(150);
        String s = completeSession(t0);
        byte[] pdf = given().accept("application/pdf")
                .get(form(s))
                .then()
                .statusCode(200)
                .contentType("application/pdf")
                .extract()
                .asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertEquals(1, document.getNumberOfPages());
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("SPRAVATO REMS Patient Monitoring Form"), text);
            assertTrue(text.contains("Blood pressure prior to administration: 128/82"), text);
            assertTrue(text.contains("Blood pressure 40 minutes post-administration: 138/88"), text);
            assertTrue(text.contains("Blood pressure prior to session completion: 124/80"), text);
            assertTrue(text.contains("ready to leave after (minutes): 70"), text);
            assertTrue(text.contains("Sedation: yes (MOAA/S 3 at 10 min)"), text);
            assertTrue(text.contains("Lot number: L123"), text);
            assertTrue(text.contains("benzodiazepines yes"), text);
        }
    }

    @Test
    void aCompleteFormIsSubmittedOnceAndAudited() {
        String s = completeSession(minutesAgo(150));
        given().header("Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "nurse.n", Roles.NURSE)))
                .contentType(ContentType.JSON)
                .body(Map.of("note", "filed on the REMS portal"))
                .post(form(s) + "/submit")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("submittedBy", equalTo("nurse.n"))
                .body("submittedAt", not(nullValue()))
                .body("submissionNote", equalTo("filed on the REMS portal"));
        given().contentType(ContentType.JSON)
                .body(Map.of("note", "again"))
                .post(form(s) + "/submit")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Already submitted"));
        given().get(form(s)).then().statusCode(200).body("status", equalTo("SUBMITTED"));
        given().queryParam("entity", "rems-form")
                .queryParam("id", s)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("items.action", hasItem("SUBMIT"));
        assertTrue(listed(TestTokens.DEFAULT, "SUBMITTED").containsKey(s));
    }

    @Test
    void aPatientWhoNeverMetTheCriteriaLeavesTheQuestionOpen() {
        Instant t0 = minutesAgo(150);
        String s = dosedAt(t0, normal("systolic", 128, "diastolic", 82));
        for (int minutes = 20; minutes <= 120; minutes += 20) {
            reading(s, t0, minutes, normal("sedationMoaas", 3));
        }
        Fixtures.dischargeAnyway(s, at(t0, 130));
        given().get(form(s))
                .then()
                .statusCode(200)
                .body("minutesUntilReadyToLeave", nullValue())
                .body("complete", equalTo(false))
                .body("missing", equalTo(List.of("minutesUntilReadyToLeave")))
                .body("missingReasons.minutesUntilReadyToLeave", containsString("DISCHARGE_SEDATION"))
                .body("vitalSignsAcceptable.beforeLeaving", equalTo(false))
                .body("sedation.details", equalTo("MOAA/S 3 at 20 min"))
                .body("monitoringMinutes", equalTo(130));
        given().contentType(ContentType.JSON)
                .body(Map.of("note", "filed"))
                .post(form(s) + "/submit")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("missing", equalTo(List.of("minutesUntilReadyToLeave")));
    }

    @Test
    void anUnresolvedEventHoldsTheAnswerUntilItsResolutionAndARetractedReadingDoesNotCount() {
        Instant t0 = minutesAgo(90);
        String s = dosedAt(t0, normal());
        String early = reading(s, t0, 15, normal());
        Fixtures.amend("vitals", early, Map.of("enteredInError", true, "reason", "other patient's cuff"))
                .statusCode(200);
        String event = given().contentType(ContentType.JSON)
                .body(Map.of("type", "SEDATION", "grade", 2, "onsetAt", at(t0, 20)))
                .post("/api/v1/sessions/" + s + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        reading(s, t0, 40, normal());
        given().contentType(ContentType.JSON)
                .body(Map.of("at", at(t0, 60), "outcome", "RESOLVED"))
                .post("/api/v1/adverse-events/" + event + "/resolve")
                .then()
                .statusCode(200);
        reading(s, t0, 65, normal());
        given().get(form(s))
                .then()
                .statusCode(200)
                .body("minutesUntilReadyToLeave", equalTo(65))
                .body("sedation.occurred", equalTo(true))
                .body("sedation.details", equalTo("SEDATION event, grade 2 at 20 min"))
                .body("status", equalTo("DRAFT"))
                .body("dueBy", nullValue())
                .body("monitoringMinutes", nullValue())
                .body(
                        "missing",
                        equalTo(List.of(
                                "bloodPressure.beforeLeaving",
                                "vitalSignsAcceptable.beforeLeaving",
                                "monitoringMinutes")));
    }

    @Test
    void onlyEsketamineSessionsOfTheCallersClinicHaveAForm() {
        given().get(form(Fixtures.session())).then().statusCode(404).contentType("application/problem+json");
        given().get(form(UUID.randomUUID().toString())).then().statusCode(404);
        String ours = Fixtures.esketamineSession();
        String otherClinic = TestTokens.bearer(TestTokens.token("other-clinic", "nurse.o", Roles.NURSE));
        given().header("Authorization", otherClinic).get(form(ours)).then().statusCode(404);
        given().header("Authorization", otherClinic)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "not ours"))
                .post(form(ours) + "/submit")
                .then()
                .statusCode(404);
        Fixtures.startDosing(ours, Map.of()).statusCode(200);
        assertTrue(listed(TestTokens.DEFAULT, null).containsKey(ours));
        assertFalse(listed(TestTokens.token("other-clinic", "nurse.o", Roles.NURSE), null)
                .containsKey(ours));
        given().header("Authorization", TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "admin.a", Roles.ADMIN)))
                .get(form(Fixtures.esketamineSession()))
                .then()
                .statusCode(403);
    }

    @Test
    void aFormNotFiledSevenDaysAfterDischargeIsOverdueOnTheListAndTheBoard() {
        long before = ((Number) given().get("/api/v1/board")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("overdueRemsForms"))
                .longValue();
        Instant t0 = minutesAgo(8 * 24 * 60 + 180);
        String s = dosedAt(t0, null);
        Fixtures.dischargeAnyway(s, at(t0, 130));
        String recent = dosedAt(minutesAgo(150), null);
        given().get(form(s)).then().statusCode(200).body("status", equalTo("OVERDUE"));
        Map<String, Map<String, Object>> overdue = listed(TestTokens.DEFAULT, "OVERDUE");
        assertEquals(at(t0, 130 + 7 * 24 * 60), overdue.get(s).get("dueBy"));
        assertEquals("OVERDUE", overdue.get(s).get("status"));
        assertFalse(overdue.containsKey(recent));
        Map<String, Map<String, Object>> drafts = listed(TestTokens.DEFAULT, "DRAFT");
        assertTrue(drafts.containsKey(recent));
        assertFalse(drafts.containsKey(s));
        given().get("/api/v1/board").then().statusCode(200).body("overdueRemsForms", equalTo((int) before + 1));
        given().queryParam("status", "LATE").get("/api/v1/rems-forms").then().statusCode(400);
    }

    @Test
    void sessionsTakeConcomitantMedications() {
        given().get("/api/v1/sessions/" + Fixtures.session())
                .then()
                .statusCode(200)
                .body("concomitantMedications", equalTo(List.of()));
        Map<String, Object> body = Fixtures.esketamineSessionBody(Fixtures.patient());
        body.put("concomitantMedications", List.of("OPIOID", "MAOI"));
        String s = given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .body("concomitantMedications", hasItems("OPIOID", "MAOI"))
                .extract()
                .path("id");
        given().get(form(s))
                .then()
                .body("concomitantMedications.opioids", equalTo(true))
                .body("concomitantMedications.maois", equalTo(true))
                .body("concomitantMedications.psychostimulants", equalTo(false));
        body.put("concomitantMedications", List.of("ALCOHOL"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
