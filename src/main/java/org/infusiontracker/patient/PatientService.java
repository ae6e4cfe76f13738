package org.infusiontracker.patient;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.patient.PatientApi.CreatePatient;
import org.infusiontracker.patient.PatientApi.PatientView;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicContext;

@ApplicationScoped
@Transactional
public class PatientService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final AuditLog audit;

    PatientService(ClinicContext clinic, ClinicalTime time, AuditLog audit) {
        this.clinic = clinic;
        this.time = time;
        this.audit = audit;
    }

    public PatientView create(CreatePatient body) {
        String mrn = body.mrn().strip();
        if (body.birthYear() != null
                && body.birthYear()
                        > Year.from(time.now().atZone(ZoneOffset.UTC)).getValue()) {
            throw new InvalidInput("birthYear", "must not be in the future");
        }
        if (Patient.count("clinicId = ?1 and mrn = ?2", clinic.clinicId(), mrn) > 0) {
            throw new Conflict("Duplicate MRN", "A patient with MRN " + mrn + " already exists");
        }
        Patient p = new Patient();
        p.id = UUID.randomUUID();
        p.clinicId = clinic.clinicId();
        p.mrn = mrn;
        p.displayName = body.displayName().strip();
        p.birthYear = body.birthYear() == null ? null : body.birthYear().shortValue();
        p.weightKg = body.weightKg();
        p.riskFactors = names(body.riskFactors());
        p.contraindications = names(body.contraindications());
        p.createdAt = time.now();
        p.persist();
        // The trail names the patient by id only: an MRN is an identifier of the person, and readers of
        // the trail (admins) may not read patients' records.
        audit.write("CREATE", "patient", p.id, null);
        return PatientView.of(p);
    }

    public Optional<PatientView> find(UUID id) {
        Optional<Patient> found = findEntity(id);
        found.ifPresent(p -> audit.read("patient", p.id));
        return found.map(PatientView::of);
    }

    /** The patient in the caller's clinic, or 404. Other features use this to check a patient exists. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Patient require(UUID id) {
        return findEntity(id).orElseThrow(() -> new NotFound("Patient", id));
    }

    /** The patient of a session as the rules see it (the session's own clinic). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PatientFacts facts(UUID id, String clinicId) {
        return Patient.<Patient>find("id = ?1 and clinicId = ?2", id, clinicId)
                .firstResult()
                .facts(null);
    }

    /** Patients by id, of one clinic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, Patient> byIds(Collection<UUID> ids, String clinicId) {
        Map<UUID, Patient> byId = new HashMap<>();
        Patient.<Patient>list("id in ?1 and clinicId = ?2", List.copyOf(ids), clinicId)
                .forEach(p -> byId.put(p.id, p));
        return byId;
    }

    /**
     * The clinic's patients, or the one with an MRN. The trail records whose records were handed
     * out (their ids) and whether an MRN was asked for, never the MRN itself; a search that found
     * one patient is filed under that patient's id, so that it shows in the patient's own trail.
     */
    public Page<PatientView> list(String mrn, int page, int size) {
        boolean byMrn = mrn != null && !mrn.isBlank();
        var query = byMrn
                ? Patient.<Patient>find(
                        "clinicId = ?1 and mrn = ?2", Sort.by("mrn").and("id"), clinic.clinicId(), mrn.strip())
                : Patient.<Patient>find("clinicId = ?1", Sort.by("mrn").and("id"), clinic.clinicId());
        List<Patient> items = query.page(page, size).list();
        List<String> found = items.stream().map(p -> p.id.toString()).toList();
        audit.write(
                "SEARCH",
                "patient",
                byMrn && found.size() == 1 ? found.get(0) : "*",
                Map.of("byMrn", byMrn, "patientIds", found));
        return new Page<>(items, page, size, query.count()).map(PatientView::of);
    }

    private Optional<Patient> findEntity(UUID id) {
        return Patient.<Patient>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .firstResultOptional();
    }

    private static String[] names(List<? extends Enum<?>> values) {
        return values == null
                ? new String[0]
                : values.stream().map(Enum::name).distinct().toArray(String[]::new);
    }
}
