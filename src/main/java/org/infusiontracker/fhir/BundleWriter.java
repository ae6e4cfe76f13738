package org.infusiontracker.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AdverseEvent.AdverseEventActuality;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueStatus;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.Severity;
import org.infusiontracker.session.Indication;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.VitalReading;

/**
 * Writes a patient and sessions into one R4 Bundle of type {@code collection} (a document of
 * records, not a search answer). Every entry is addressed {@code urn:uuid:<id>} and every
 * reference points inside the Bundle, so that a server receiving it resolves them all; ids are the
 * records' own, or derived from them by name, so the same record exports under the same id each
 * time. Only records in force come in: a reading or event that was amended appears as its latest
 * version (an Observation {@code amended}), a retracted one not at all.
 */
final class BundleWriter {

    private final Bundle bundle = new Bundle();
    private final Patient patient;
    private final Reference patientRef;

    BundleWriter(Patient patient, Instant now) {
        this.patient = patient;
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(Date.from(now));
        patientRef = add(patient(patient), patient.id);
    }

    Bundle bundle() {
        return bundle;
    }

    private Reference add(Resource resource, UUID id) {
        resource.setId(id.toString());
        String url = "urn:uuid:" + id;
        bundle.addEntry().setFullUrl(url).setResource(resource);
        return new Reference(url);
    }

    /** An id of its own for each resource made from one record (a reading yields several Observations). */
    private static UUID derived(UUID record, String part) {
        return UUID.nameUUIDFromBytes((record + "/" + part).getBytes(StandardCharsets.UTF_8));
    }

    private static org.hl7.fhir.r4.model.Patient patient(Patient p) {
        var fhir = new org.hl7.fhir.r4.model.Patient();
        fhir.addIdentifier()
                .setUse(Identifier.IdentifierUse.USUAL)
                .setType(new CodeableConcept(new Coding(Codes.IDENTIFIER_TYPE, "MR", "Medical record number")))
                .setSystem(Codes.mrnSystem(p.clinicId))
                .setValue(p.mrn);
        fhir.addName().setText(p.displayName);
        if (p.birthYear != null) {
            fhir.setBirthDateElement(new DateType(String.valueOf(p.birthYear)));
        }
        return fhir;
    }

    /** The session: its Encounter, Observations, MedicationAdministration, AdverseEvents, DetectedIssues. */
    void add(SessionRecord record) {
        InfusionSession s = record.session();
        Reference encounter = add(encounter(s), s.id);
        Map<UUID, List<Reference>> ofReading = new HashMap<>();
        for (VitalReading r : record.readings()) {
            ofReading.put(r.id, observations(r, encounter));
        }
        Reference administration = null;
        if (s.dosingStartedAt != null) {
            administration = add(administration(s, encounter), derived(s.id, "administration"));
        }
        Map<UUID, Reference> ofEvent = new HashMap<>();
        for (AdverseEvent e : record.events()) {
            ofEvent.put(e.id, add(adverseEvent(e, encounter, administration), e.id));
        }
        for (FlagView f : record.flags()) {
            add(detectedIssue(f, ofReading, ofEvent), f.id());
        }
    }

    private Encounter encounter(InfusionSession s) {
        Encounter e = new Encounter();
        e.setStatus(encounterStatus(s));
        e.setClass_(new Coding(Codes.ACT_CODE, "AMB", "ambulatory"));
        e.setSubject(patientRef);
        e.addReasonCode(own(Codes.INDICATION, s.indication.name(), indication(s.indication)));
        Period period = new Period();
        if (s.dosingStartedAt != null) {
            period.setStart(Date.from(s.dosingStartedAt));
        }
        if (s.closedAt() != null) {
            period.setEnd(Date.from(s.closedAt()));
        }
        if (period.hasStart() || period.hasEnd()) {
            e.setPeriod(period);
        }
        return e;
    }

    private static String indication(Indication indication) {
        return switch (indication) {
            case TRD -> "treatment-resistant depression";
            case PTSD -> "post-traumatic stress disorder";
            case OCD -> "obsessive-compulsive disorder";
            case ANXIETY, CHRONIC_PAIN, OTHER -> words(indication.name());
        };
    }

    /** Aborted before any dose: cancelled; aborted after one: finished (the patient was treated). */
    private static EncounterStatus encounterStatus(InfusionSession s) {
        return switch (s.status) {
            case PLANNED -> EncounterStatus.PLANNED;
            case DOSING, OBSERVATION -> EncounterStatus.INPROGRESS;
            case DISCHARGED -> EncounterStatus.FINISHED;
            case ABORTED -> s.dosingStartedAt == null ? EncounterStatus.CANCELLED : EncounterStatus.FINISHED;
        };
    }

    /** One Observation per vital sign and per score of the reading, each after its R4 profile. */
    private List<Reference> observations(VitalReading r, Reference encounter) {
        List<Reference> made = new ArrayList<>();
        if (r.systolic != null && r.diastolic != null) {
            Observation bp = vital(r, encounter, Codes.BP_PROFILE, loinc("85354-9", "Blood pressure panel"));
            bp.addComponent()
                    .setCode(loinc("8480-6", "Systolic blood pressure"))
                    .setValue(quantity(BigDecimal.valueOf(r.systolic), "mmHg", "mm[Hg]"));
            bp.addComponent()
                    .setCode(loinc("8462-4", "Diastolic blood pressure"))
                    .setValue(quantity(BigDecimal.valueOf(r.diastolic), "mmHg", "mm[Hg]"));
            made.add(add(bp, derived(r.id, "bp")));
        }
        if (r.heartRate != null) {
            Observation hr = vital(r, encounter, Codes.HEART_RATE_PROFILE, loinc("8867-4", "Heart rate"));
            hr.setValue(quantity(BigDecimal.valueOf(r.heartRate), "beats/minute", "/min"));
            made.add(add(hr, derived(r.id, "heart-rate")));
        }
        if (r.spo2 != null) {
            CodeableConcept code = loinc("2708-6", "Oxygen saturation in Arterial blood");
            code.addCoding(new Coding(Codes.LOINC, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"));
            Observation spo2 = vital(r, encounter, Codes.SPO2_PROFILE, code);
            spo2.setValue(quantity(BigDecimal.valueOf(r.spo2), "%", "%"));
            made.add(add(spo2, derived(r.id, "spo2")));
        }
        if (r.respiratoryRate != null) {
            Observation rr = vital(r, encounter, Codes.RESP_RATE_PROFILE, loinc("9279-1", "Respiratory rate"));
            rr.setValue(quantity(BigDecimal.valueOf(r.respiratoryRate), "breaths/minute", "/min"));
            made.add(add(rr, derived(r.id, "respiratory-rate")));
        }
        if (r.temperatureC != null) {
            Observation t = vital(r, encounter, Codes.TEMPERATURE_PROFILE, loinc("8310-5", "Body temperature"));
            t.setValue(quantity(r.temperatureC, "C", "Cel"));
            made.add(add(t, derived(r.id, "temperature")));
        }
        score(r, encounter, "moaas", "MOAA/S sedation score", r.sedationMoaas, made);
        score(r, encounter, "cadss", "CADSS dissociation score", r.dissociationCadss, made);
        score(r, encounter, "nausea", "Nausea, 0 to 10", r.nausea, made);
        if (r.consciousness != null) {
            Observation c =
                    observation(r, encounter, "survey", own(Codes.SCORE, "consciousness", "Consciousness (ACVPU)"));
            c.setValue(new StringType(r.consciousness.name()));
            made.add(add(c, derived(r.id, "consciousness")));
        }
        return made;
    }

    private void score(
            VitalReading r, Reference encounter, String code, String display, Short value, List<Reference> made) {
        if (value != null) {
            Observation o = observation(r, encounter, "survey", own(Codes.SCORE, code, display));
            o.setValue(new IntegerType(value));
            made.add(add(o, derived(r.id, code)));
        }
    }

    private Observation vital(VitalReading r, Reference encounter, String profile, CodeableConcept code) {
        Observation o = observation(r, encounter, "vital-signs", code);
        o.getMeta().addProfile(profile);
        return o;
    }

    /** A correction in force is {@code amended}: the version it replaced is not exported. */
    private Observation observation(VitalReading r, Reference encounter, String category, CodeableConcept code) {
        Observation o = new Observation();
        o.setStatus(r.supersedes == null ? ObservationStatus.FINAL : ObservationStatus.AMENDED);
        o.addCategory(new CodeableConcept(new Coding(
                Codes.OBSERVATION_CATEGORY, category, category.equals("survey") ? "Survey" : "Vital Signs")));
        o.setCode(code);
        o.setSubject(patientRef);
        o.setEncounter(encounter);
        o.setEffective(new DateTimeType(Date.from(r.measuredAt), TemporalPrecisionEnum.SECOND));
        o.setIssued(Date.from(r.recordedAt));
        if (r.recordedBy != null) {
            o.addPerformer().setDisplay(r.recordedBy);
        }
        return o;
    }

    private static Quantity quantity(BigDecimal value, String unit, String ucum) {
        return new Quantity()
                .setValue(value)
                .setUnit(unit)
                .setSystem(Codes.UCUM)
                .setCode(ucum);
    }

    private static CodeableConcept loinc(String code, String display) {
        return new CodeableConcept(new Coding(Codes.LOINC, code, display)).setText(display);
    }

    private static CodeableConcept own(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display)).setText(display);
    }

    /** The drug given: a contained Medication carries its lot. The dose is the one given, else the one planned. */
    private MedicationAdministration administration(InfusionSession s, Reference encounter) {
        MedicationAdministration ma = new MedicationAdministration();
        ma.setStatus(administrationStatus(s));
        Medication drug = new Medication();
        drug.setId("drug");
        drug.setCode(own(Codes.DRUG, s.drug.name(), words(s.drug.name())));
        if (s.lotNumber != null) {
            drug.getBatch().setLotNumber(s.lotNumber);
        }
        ma.addContained(drug);
        ma.setMedication(new Reference("#drug"));
        ma.setSubject(patientRef);
        ma.setContext(encounter);
        Period period = new Period().setStart(Date.from(s.dosingStartedAt));
        Instant end = s.dosingEndedAt != null ? s.dosingEndedAt : s.abortedAt;
        if (end != null) {
            period.setEnd(Date.from(end));
        }
        ma.setEffective(period);
        if (s.nurse != null) {
            ma.addPerformer().setActor(new Reference().setDisplay(s.nurse));
        }
        BigDecimal dose = s.administeredDoseMg != null ? s.administeredDoseMg : s.plannedDoseMg(patient.weightKg);
        if (dose != null) {
            ma.getDosage()
                    .setText(s.administeredDoseMg != null ? "dose given" : "dose planned, not yet given")
                    .setRoute(route(s))
                    .setDose(new Quantity()
                            .setValue(dose)
                            .setUnit("mg")
                            .setSystem(Codes.UCUM)
                            .setCode("mg"));
        }
        return ma;
    }

    private static MedicationAdministrationStatus administrationStatus(InfusionSession s) {
        if (s.dosingEndedAt != null) {
            return s.dosingStoppedEarly
                    ? MedicationAdministrationStatus.STOPPED
                    : MedicationAdministrationStatus.COMPLETED;
        }
        return s.status == SessionStatus.ABORTED
                ? MedicationAdministrationStatus.STOPPED
                : MedicationAdministrationStatus.INPROGRESS;
    }

    private static CodeableConcept route(InfusionSession s) {
        return switch (s.route) {
            case IV -> snomed("47625008", "Intravenous route");
            case IM -> snomed("78421000", "Intramuscular route");
            case INTRANASAL -> snomed("46713006", "Nasal route");
        };
    }

    private static CodeableConcept snomed(String code, String display) {
        return new CodeableConcept(new Coding(Codes.SNOMED, code, display)).setText(display);
    }

    /**
     * CTCAE grade 1 is mild, 2 moderate, 3 to 5 severe (R4 has no grade element); an event without an
     * outcome is ongoing. R4 spells seriousness {@code Serious} and {@code Non-serious}.
     */
    private org.hl7.fhir.r4.model.AdverseEvent adverseEvent(
            AdverseEvent e, Reference encounter, Reference administration) {
        var ae = new org.hl7.fhir.r4.model.AdverseEvent();
        ae.setActuality(AdverseEventActuality.ACTUAL);
        CodeableConcept event = own(Codes.EVENT_TYPE, e.type.name(), words(e.type.name()));
        if (e.description != null && !e.description.isBlank()) {
            event.setText(e.description);
        }
        ae.setEvent(event);
        ae.setSubject(patientRef);
        ae.setEncounter(encounter);
        ae.setDate(Date.from(e.onsetAt));
        ae.setRecordedDateElement(new DateTimeType(Date.from(e.recordedAt), TemporalPrecisionEnum.SECOND));
        ae.setSeriousness(new CodeableConcept(
                e.serious
                        ? new Coding(Codes.AE_SERIOUSNESS, "Serious", "Serious")
                        : new Coding(Codes.AE_SERIOUSNESS, "Non-serious", "Non-serious")));
        ae.setSeverity(new CodeableConcept(
                switch (e.grade) {
                    case 1 -> new Coding(Codes.AE_SEVERITY, "mild", "Mild");
                    case 2 -> new Coding(Codes.AE_SEVERITY, "moderate", "Moderate");
                    default -> new Coding(Codes.AE_SEVERITY, "severe", "Severe");
                }));
        ae.setOutcome(new CodeableConcept(outcome(e)));
        if (administration != null) {
            ae.addSuspectEntity().setInstance(administration);
        }
        return ae;
    }

    private static Coding outcome(AdverseEvent e) {
        if (e.outcome == null) {
            return new Coding(Codes.AE_OUTCOME, "ongoing", "Ongoing");
        }
        return switch (e.outcome) {
            case RESOLVED -> new Coding(Codes.AE_OUTCOME, "resolved", "Resolved");
            case RECOVERING -> new Coding(Codes.AE_OUTCOME, "recovering", "Recovering");
            case RESOLVED_WITH_SEQUELAE ->
                new Coding(Codes.AE_OUTCOME, "resolvedWithSequelae", "Resolved with Sequelae");
            case FATAL -> new Coding(Codes.AE_OUTCOME, "fatal", "Fatal");
            case UNKNOWN -> new Coding(Codes.AE_OUTCOME, "unknown", "Unknown");
        };
    }

    /**
     * A flag: what the rule said, how urgent, and the records in force it was raised on (a flag on a
     * record since retracted points to nothing). An acknowledgement is its mitigation.
     */
    private DetectedIssue detectedIssue(
            FlagView f, Map<UUID, List<Reference>> ofReading, Map<UUID, Reference> ofEvent) {
        DetectedIssue issue = new DetectedIssue();
        issue.setStatus(DetectedIssueStatus.FINAL);
        issue.setCode(own(Codes.RULE, f.ruleCode(), f.ruleCode()));
        issue.setSeverity(severity(f.severity()));
        issue.setPatient(patientRef);
        issue.setIdentified(new DateTimeType(Date.from(f.raisedAt()), TemporalPrecisionEnum.SECOND));
        issue.setDetail(f.message());
        if (f.readingId() != null) {
            ofReading.getOrDefault(f.readingId(), List.of()).forEach(issue::addImplicated);
        }
        if (f.adverseEventId() != null && ofEvent.containsKey(f.adverseEventId())) {
            issue.addImplicated(ofEvent.get(f.adverseEventId()));
        }
        if (f.acknowledgedAt() != null) {
            issue.addMitigation()
                    .setAction(new CodeableConcept()
                            .setText(
                                    f.acknowledgementNote() == null
                                            ? "Acknowledged"
                                            : "Acknowledged: " + f.acknowledgementNote()))
                    .setDate(Date.from(f.acknowledgedAt()))
                    .setAuthor(new Reference().setDisplay(f.acknowledgedBy()));
        }
        return issue;
    }

    private static DetectedIssueSeverity severity(Severity s) {
        return switch (s) {
            case CRITICAL -> DetectedIssueSeverity.HIGH;
            case WARNING -> DetectedIssueSeverity.MODERATE;
            case INFO -> DetectedIssueSeverity.LOW;
        };
    }

    /** {@code CHRONIC_PAIN} as "chronic pain". */
    private static String words(String name) {
        return name.toLowerCase().replace('_', ' ').replace('-', ' ');
    }
}
