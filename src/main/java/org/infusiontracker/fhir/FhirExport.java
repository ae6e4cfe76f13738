package org.infusiontracker.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.infusiontracker.adverse.AdverseEventService;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

/**
 * The FHIR R4 export of a session, or of all of a patient's sessions: read through the features'
 * own services (records in force only), written by {@link BundleWriter}, audited as a read of the
 * patient's records. Another clinic's session or patient is 404, as everywhere.
 */
@ApplicationScoped
@Transactional
public class FhirExport {

    private final FhirContext fhir;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final AdverseEventService events;
    private final FlagService flags;
    private final AuditLog audit;

    FhirExport(
            FhirContext fhir,
            ClinicalTime time,
            SessionService sessions,
            PatientService patients,
            Readings readings,
            AdverseEventService events,
            FlagService flags,
            AuditLog audit) {
        this.fhir = fhir;
        this.time = time;
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.events = events;
        this.flags = flags;
        this.audit = audit;
    }

    /** The session's Bundle as {@code application/fhir+json}. */
    public String session(UUID sessionId) {
        InfusionSession s = sessions.require(sessionId);
        Patient patient = patients.require(s.patientId);
        audit.read("session-fhir", s.id);
        BundleWriter writer = new BundleWriter(patient, time.now());
        writer.add(new SessionRecord(s, readings.inForce(s), events.inForce(s), flags.allOfSession(s.id, s.clinicId)));
        return json(writer.bundle());
    }

    /** The Bundle of every session of the patient, oldest first (readings of all sessions in one query). */
    public String patient(UUID patientId) {
        Patient patient = patients.require(patientId);
        audit.read("patient-fhir", patient.id);
        List<InfusionSession> all = sessions.ofPatient(patient.id);
        Map<UUID, List<VitalReading>> readingsOf = all.isEmpty()
                ? Map.of()
                : readings.inForce(all.stream().map(s -> s.id).toList(), patient.clinicId);
        BundleWriter writer = new BundleWriter(patient, time.now());
        for (InfusionSession s : all) {
            writer.add(new SessionRecord(
                    s,
                    readingsOf.getOrDefault(s.id, List.of()),
                    events.inForce(s),
                    flags.allOfSession(s.id, s.clinicId)));
        }
        return json(writer.bundle());
    }

    private String json(Bundle bundle) {
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }
}
