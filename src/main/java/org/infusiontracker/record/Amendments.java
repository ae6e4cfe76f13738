package org.infusiontracker.record;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.security.ClinicContext;

/**
 * What amending a reading and amending an adverse event share: the checks on the request, the
 * two ways a version leaves force (superseded by a correction, or retracted), and the walk along
 * a record's versions. The feature services hold the transaction and build the new version.
 */
@ApplicationScoped
public class Amendments {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final Validator validator;

    Amendments(ClinicContext clinic, ClinicalTime time, Validator validator) {
        this.clinic = clinic;
        this.time = time;
        this.validator = validator;
    }

    /**
     * A correction's values, held to the same Bean Validation limits as a new record's (400 naming
     * the field), so that the limits live in one place: the recording body.
     */
    public <T> T correction(Amendment<T> body) {
        T values = body.values();
        Set<ConstraintViolation<T>> violations = validator.validate(values);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return values;
    }

    /** A retraction carries its reason only: values sent with it would be silently dropped. */
    public void checkRetraction(Amendment<?> body) {
        if (body.hasValues()) {
            throw new InvalidInput("enteredInError", "a retraction carries no new values; send values to correct");
        }
    }

    /** 409 unless {@code version} is in force: an amended or retracted version is history. */
    public void requireFinal(ClinicalRecord version, String what) {
        if (version.status != RecordStatus.FINAL) {
            throw new Conflict(
                    "Already amended",
                    what + " " + version.id + " is " + version.status
                            + "; only the version in force (see its history) can be amended");
        }
    }

    /** The correction {@code next} replaces {@code old}, which leaves force. */
    public void supersede(ClinicalRecord old, ClinicalRecord next, String reason) {
        next.supersedes = old.id;
        next.amendmentReason = reason.strip();
        old.status = RecordStatus.AMENDED;
    }

    /** The version was entered in error: it leaves force with who, when and why. */
    public void retract(ClinicalRecord version, String reason) {
        version.status = RecordStatus.ENTERED_IN_ERROR;
        version.retractedAt = time.now();
        version.retractedBy = clinic.actor();
        version.retractionReason = reason.strip();
    }

    /**
     * Every version of the record that {@code version} belongs to, oldest first: back along
     * {@code supersedes} to the original, then forward to the latest correction. A version is
     * corrected at most once (a unique key), so the versions form one line.
     */
    public <R extends ClinicalRecord> List<R> history(Class<R> type, R version) {
        EntityManager em = Panache.getEntityManager(type);
        String entity = em.getMetamodel().entity(type).getName();
        String successor = "from " + entity + " where supersedes = :id and clinicId = :clinic";
        Deque<R> versions = new ArrayDeque<>();
        versions.add(version);
        R earlier = version;
        while (earlier.supersedes != null) {
            earlier = em.createQuery("from " + entity + " where id = :id and clinicId = :clinic", type)
                    .setParameter("id", earlier.supersedes)
                    .setParameter("clinic", version.clinicId)
                    .getSingleResult();
            versions.addFirst(earlier);
        }
        R later = next(em, type, successor, version);
        while (later != null) {
            versions.addLast(later);
            later = next(em, type, successor, later);
        }
        return List.copyOf(versions);
    }

    /** The correction of {@code version}, or null when it is the latest. */
    private static <R extends ClinicalRecord> R next(EntityManager em, Class<R> type, String successor, R version) {
        return em.createQuery(successor, type)
                .setParameter("id", version.id)
                .setParameter("clinic", version.clinicId)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }
}
