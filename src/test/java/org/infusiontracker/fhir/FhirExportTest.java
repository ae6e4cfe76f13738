package org.infusiontracker.fhir;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.SingleValidationMessage;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.security.Roles;
import org.junit.jupiter.api.Test;

/**
 * The FHIR export of a session with every kind of record, held to the HL7 validator (base R4 and
 * the vital-signs profiles, offline): valid, only the versions in force, each vital sign after its
 * profile. Each session is placed in clinical time around {@code t0}, the start of dosing.
 */
@QuarkusTest
class FhirExportTest {

    private static final String FHIR_JSON = "application/fhir+json";

    private static String reading(String session, Instant at, Map<String, Object> values) {
        Map<String, Object> body = new HashMap<>(values);
        body.put("measuredAt", at.toString());
        return Fixtures.recordVitals(session, body).statusCode(201).extract().path("id");
    }

    private static String event(String session, Map<String, Object> values) {
        return given().contentType(ContentType.JSON)
                .body(values)
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String export(String path) {
        return given().accept(FHIR_JSON)
                .get(path)
                .then()
                .statusCode(200)
                .contentType(FHIR_JSON)
                .extract()
                .asString();
    }

    private static Bundle valid(String json) {
        List<SingleValidationMessage> messages = R4Validator.messages(json);
        R4Validator.warnings(messages).forEach(w -> Log.infof("FHIR validator warning: %s", w));
        assertEquals(List.of(), R4Validator.errors(messages), "the HL7 validator's errors");
        return R4Validator.R4.newJsonParser().parseResource(Bundle.class, json);
    }

    private static <T extends Resource> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static List<Observation> coded(Bundle bundle, String code) {
        return all(bundle, Observation.class).stream()
                .filter(o -> o.getCode().getCoding().stream()
                        .anyMatch(c -> c.getCode().equals(code)))
                .toList();
    }

    /** A discharged session with readings of every kind, a correction, retractions, events and flags. */
    private static String sessionWithEveryKindOfRecord(String patient, Instant t0) {
        String session = Fixtures.session(patient);
        Map<String, Object> predose = new HashMap<>(Fixtures.NORMAL_VITALS);
        predose.put("nausea", 1);
        reading(session, t0.minus(10, ChronoUnit.MINUTES), predose);
        // The fixture's own pre-dose blood pressure is retracted once dosing starts.
        Fixtures.startDosing(session, Map.of("at", t0.toString())).statusCode(200);
        String corrected = reading(
                session,
                t0.plus(5, ChronoUnit.MINUTES),
                Map.of("systolic", 150, "diastolic", 95, "heartRate", 117, "sedationMoaas", 4));
        Fixtures.amend(
                        "vitals",
                        corrected,
                        Map.of(
                                "systolic",
                                150,
                                "diastolic",
                                95,
                                "heartRate",
                                101,
                                "sedationMoaas",
                                4,
                                "reason",
                                "read off the wrong monitor"))
                .statusCode(201);
        String retracted = reading(session, t0.plus(7, ChronoUnit.MINUTES), Map.of("spo2", 85, "heartRate", 133));
        Fixtures.amend("vitals", retracted, Map.of("enteredInError", true, "reason", "probe off the finger"))
                .statusCode(200);
        reading(
                session,
                t0.plus(10, ChronoUnit.MINUTES),
                Map.of("spo2", 93, "respiratoryRate", 12, "dissociationCadss", 6, "consciousness", "VOICE"));
        reading(session, t0.plus(20, ChronoUnit.MINUTES), Map.of("temperatureC", 37.45, "nausea", 4));
        String nausea = event(
                session,
                Map.of(
                        "type",
                        "NAUSEA",
                        "grade",
                        2,
                        "onsetAt",
                        t0.plus(15, ChronoUnit.MINUTES).toString()));
        String regraded = Fixtures.amend(
                        "adverse-events",
                        nausea,
                        Map.of("type", "VOMITING", "grade", 3, "serious", true, "reason", "vomited twice"))
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "outcome",
                        "RESOLVED",
                        "at",
                        t0.plus(30, ChronoUnit.MINUTES).toString()))
                .post("/api/v1/adverse-events/" + regraded + "/resolve")
                .then()
                .statusCode(200);
        event(
                session,
                Map.of(
                        "type",
                        "DIZZINESS",
                        "grade",
                        1,
                        "onsetAt",
                        t0.plus(25, ChronoUnit.MINUTES).toString()));
        String mistaken = event(
                session,
                Map.of(
                        "type",
                        "CONFUSION",
                        "grade",
                        1,
                        "onsetAt",
                        t0.plus(26, ChronoUnit.MINUTES).toString()));
        Fixtures.amend("adverse-events", mistaken, Map.of("enteredInError", true, "reason", "another patient"))
                .statusCode(200);
        Fixtures.transition(
                        session,
                        "end-dosing",
                        Map.of("at", t0.plus(40, ChronoUnit.MINUTES).toString(), "administeredDoseMg", 36))
                .statusCode(200);
        Fixtures.acknowledgeOpenFlags(session);
        reading(session, t0.plus(50, ChronoUnit.MINUTES), Fixtures.NORMAL_VITALS);
        Fixtures.dischargeAnyway(session, t0.plus(55, ChronoUnit.MINUTES).toString());
        return session;
    }

    @Test
    void aSessionWithEveryKindOfRecordIsValidR4WithOnlyTheVersionsInForce() {
        Instant t0 = Instant.now().minus(70, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String patient = Fixtures.patient();
        String session = sessionWithEveryKindOfRecord(patient, t0);

        Bundle bundle = valid(export("/api/v1/sessions/" + session + "/fhir"));

        assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
        assertEquals(1, all(bundle, Patient.class).size());
        Encounter encounter = all(bundle, Encounter.class).get(0);
        assertEquals("urn:uuid:" + session, encounter.getIdElement().getValue());
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
        assertEquals("AMB", encounter.getClass_().getCode());

        // Blood pressure: the pre-dose one, the corrected one and the last; the fixture's retracted one is gone.
        List<Observation> pressures = coded(bundle, "85354-9");
        assertEquals(3, pressures.size());
        for (Observation bp : pressures) {
            assertEquals(
                    "http://hl7.org/fhir/StructureDefinition/bp",
                    bp.getMeta().getProfile().get(0).getValue());
            assertEquals(
                    "8480-6",
                    bp.getComponent().get(0).getCode().getCodingFirstRep().getCode());
            assertEquals(
                    "8462-4",
                    bp.getComponent().get(1).getCode().getCodingFirstRep().getCode());
            assertEquals("mm[Hg]", bp.getComponent().get(0).getValueQuantity().getCode());
            assertEquals(
                    "vital-signs", bp.getCategoryFirstRep().getCodingFirstRep().getCode());
        }
        // The correction is in force as amended; neither its first version nor the retracted reading is exported.
        List<Observation> heartRates = coded(bundle, "8867-4");
        assertEquals(
                List.of(72, 101, 72),
                heartRates.stream()
                        .map(o -> o.getValueQuantity().getValue().intValue())
                        .toList());
        Observation amended = heartRates.get(1);
        assertEquals(Observation.ObservationStatus.AMENDED, amended.getStatus());
        assertEquals(
                Date.from(t0.plus(5, ChronoUnit.MINUTES)),
                amended.getEffectiveDateTimeType().getValue());
        assertEquals("/min", amended.getValueQuantity().getCode());
        assertEquals(Observation.ObservationStatus.FINAL, heartRates.get(0).getStatus());
        assertTrue(all(bundle, Observation.class).stream()
                .noneMatch(o ->
                        o.getEffectiveDateTimeType().getValue().equals(Date.from(t0.plus(7, ChronoUnit.MINUTES)))));

        Observation spo2 = coded(bundle, "59408-5").get(1);
        assertEquals(
                List.of("2708-6", "59408-5"),
                spo2.getCode().getCoding().stream().map(c -> c.getCode()).toList());
        assertEquals(93, spo2.getValueQuantity().getValue().intValue());
        assertEquals("%", spo2.getValueQuantity().getCode());
        assertEquals(3, coded(bundle, "9279-1").size());
        Quantity temperature = coded(bundle, "8310-5").get(1).getValueQuantity();
        assertEquals("Cel", temperature.getCode());
        assertEquals(37.45, temperature.getValue().doubleValue());
        assertEquals(3, coded(bundle, "cadss").size());
        assertEquals(
                List.of(5, 4, 5),
                coded(bundle, "moaas").stream()
                        .map(o -> o.getValueIntegerType().getValue())
                        .toList());
        assertEquals("test.user", amended.getPerformerFirstRep().getDisplay());
        assertEquals(
                "survey",
                coded(bundle, "nausea")
                        .get(0)
                        .getCategoryFirstRep()
                        .getCodingFirstRep()
                        .getCode());

        MedicationAdministration given =
                all(bundle, MedicationAdministration.class).get(0);
        assertEquals(MedicationAdministration.MedicationAdministrationStatus.COMPLETED, given.getStatus());
        assertEquals(36, given.getDosage().getDose().getValue().intValue());
        assertEquals("mg", given.getDosage().getDose().getCode());
        assertEquals(
                "47625008", given.getDosage().getRoute().getCodingFirstRep().getCode());
        assertEquals(
                "L123", ((Medication) given.getContained().get(0)).getBatch().getLotNumber());
        assertEquals(Date.from(t0), given.getEffectivePeriod().getStart());

        List<AdverseEvent> events = all(bundle, AdverseEvent.class);
        assertEquals(
                List.of("VOMITING", "DIZZINESS"),
                events.stream()
                        .map(e -> e.getEvent().getCodingFirstRep().getCode())
                        .toList());
        assertEquals("severe", events.get(0).getSeverity().getCodingFirstRep().getCode());
        assertEquals(
                "Serious", events.get(0).getSeriousness().getCodingFirstRep().getCode());
        assertEquals("resolved", events.get(0).getOutcome().getCodingFirstRep().getCode());
        assertEquals("ongoing", events.get(1).getOutcome().getCodingFirstRep().getCode());
        assertEquals(AdverseEvent.AdverseEventActuality.ACTUAL, events.get(1).getActuality());

        List<String> flagStatuses = given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("status");
        List<DetectedIssue> issues = all(bundle, DetectedIssue.class);
        assertTrue(flagStatuses.contains("ACKNOWLEDGED"), "the session has acknowledged flags");
        assertEquals(flagStatuses.size(), issues.size());
        assertEquals(
                flagStatuses.stream().filter("ACKNOWLEDGED"::equals).count(),
                issues.stream().filter(DetectedIssue::hasMitigation).count(),
                "acknowledged flags carry their mitigation");
        assertTrue(
                issues.stream().anyMatch(DetectedIssue::hasImplicated),
                "a flag on a reading in force names its Observations");
    }

    @Test
    void aPatientsExportHoldsEverySessionOnceAndIsValid() {
        String patient = Fixtures.patient();
        String planned = Fixtures.session(patient);
        String treated = sessionWithEveryKindOfRecord(
                patient, Instant.now().minus(70, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));

        Bundle bundle = valid(export("/api/v1/patients/" + patient + "/fhir"));

        assertEquals(1, all(bundle, Patient.class).size());
        assertEquals(
                List.of("urn:uuid:" + planned, "urn:uuid:" + treated),
                all(bundle, Encounter.class).stream()
                        .map(e -> e.getIdElement().getValue())
                        .toList());
        assertEquals(
                Encounter.EncounterStatus.PLANNED,
                all(bundle, Encounter.class).get(0).getStatus());
        assertEquals(1, all(bundle, MedicationAdministration.class).size());
        assertEquals(
                bundle.getEntry().size(),
                bundle.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getFullUrl)
                        .distinct()
                        .count());
    }

    @Test
    void readsAreAuditedAndViewersMayRead() {
        String patient = Fixtures.patient();
        String session = Fixtures.session(patient);
        String viewer = TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "viewer.v", Roles.VIEWER));
        given().header("Authorization", viewer)
                .get("/api/v1/sessions/" + session + "/fhir")
                .then()
                .statusCode(200);
        given().header("Authorization", viewer)
                .get("/api/v1/patients/" + patient + "/fhir")
                .then()
                .statusCode(200);

        given().queryParam("entity", "session-fhir")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("items.actor", org.hamcrest.Matchers.hasItem("viewer.v"));
        given().queryParam("entity", "patient-fhir")
                .queryParam("id", patient)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItem("READ"));
    }

    @Test
    void anotherClinicsOrAnUnknownSessionIsNotFound() {
        String patient = Fixtures.patient();
        String session = Fixtures.session(patient);
        String other = TestTokens.bearer(TestTokens.token("other-clinic", "intruder", Roles.PHYSICIAN));
        given().header("Authorization", other)
                .get("/api/v1/sessions/" + session + "/fhir")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", other)
                .get("/api/v1/patients/" + patient + "/fhir")
                .then()
                .statusCode(404);
        given().get("/api/v1/sessions/" + java.util.UUID.randomUUID() + "/fhir")
                .then()
                .statusCode(404);
        assertFalse(
                given().get("/api/v1/sessions/" + session + "/fhir").asString().contains("intruder"));
    }
}
