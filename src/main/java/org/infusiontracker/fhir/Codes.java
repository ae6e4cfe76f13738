package org.infusiontracker.fhir;

/**
 * The code systems and profiles the export names: LOINC and UCUM for the vital signs (the R4
 * vital-signs profiles fix them), HL7's own terminology for categories and adverse-event axes,
 * SNOMED CT for the routes, and the service's own code system where no standard code exists
 * (MOAA/S, CADSS and the like have neither a LOINC nor a SNOMED code).
 */
final class Codes {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String AE_SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
    static final String AE_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
    static final String AE_OUTCOME = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

    /** The service's own code systems, one per kind of concept, under one base. */
    static final String OWN = "https://infusiontracker.org/fhir/CodeSystem/";

    static final String SCORE = OWN + "score";
    static final String INDICATION = OWN + "indication";
    static final String DRUG = OWN + "drug";
    static final String EVENT_TYPE = OWN + "adverse-event-type";
    static final String RULE = OWN + "rule";

    /** Where a clinic's MRNs are unique: one identifier system per clinic. */
    static String mrnSystem(String clinicId) {
        return "https://infusiontracker.org/fhir/clinic/" + clinicId + "/mrn";
    }

    private static final String PROFILE = "http://hl7.org/fhir/StructureDefinition/";
    static final String BP_PROFILE = PROFILE + "bp";
    static final String HEART_RATE_PROFILE = PROFILE + "heartrate";
    static final String SPO2_PROFILE = PROFILE + "oxygensat";
    static final String RESP_RATE_PROFILE = PROFILE + "resprate";
    static final String TEMPERATURE_PROFILE = PROFILE + "bodytemp";

    private Codes() {}
}
