package org.infusiontracker.security;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Clinic isolation, checked in one place. Every query names its clinic ({@code clinicId = ...}, from
 * the token through {@link ClinicContext}, or from a record already read in that clinic); this
 * inspector sees every SQL statement Hibernate sends and refuses a read or delete of a clinic's
 * table that does not mention {@code clinic_id}, so a query that forgets its clinic fails in the
 * tests instead of showing another clinic's rows. Jobs that work across clinics on purpose (the
 * clock sweep) say so with {@link #acrossClinics}.
 *
 * <p>Why not a Hibernate filter: an enabled filter stops Hibernate from caching the translation of
 * every query and the loader of every entity, which cost a third of the write path's CPU.
 */
@PersistenceUnitExtension
public class ClinicScope implements StatementInspector {

    /** A read, lock or delete of a table that holds one clinic's rows. */
    private static final Pattern CLINIC_TABLE = Pattern.compile(
            "\\b(?:from|join)\\s+(?:\\w+\\.)?(?:patient|treatment_session|vital_reading|adverse_event|flag|rule|rule_evaluation_error|audit_event|rems_form_submission|controlled_container|controlled_entry|assessment|webhook|webhook_delivery|monitor_device|monitor_message)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A condition on the clinic (the column also appears in select lists, which do not count). */
    private static final Pattern NAMES_CLINIC =
            Pattern.compile("clinic_id\\s*(?:=|in\\s*\\()", Pattern.CASE_INSENSITIVE);
    /** The verdict per statement text: the service issues a few hundred distinct statements. */
    private static final int REMEMBERED = 4096;

    private static final Map<String, Boolean> SCOPED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> ACROSS_CLINICS = ThreadLocal.withInitial(() -> false);

    @Override
    public String inspect(String sql) {
        Boolean scoped = SCOPED.get(sql);
        if (scoped == null) {
            scoped = !CLINIC_TABLE.matcher(sql).find()
                    || NAMES_CLINIC.matcher(sql).find();
            if (SCOPED.size() < REMEMBERED) {
                SCOPED.put(sql, scoped);
            }
        }
        if (!scoped && !ACROSS_CLINICS.get()) {
            throw new IllegalStateException("A statement on a clinic's data that does not name the clinic: " + sql);
        }
        return sql;
    }

    /** Runs {@code work} with the check off: for system jobs that work across clinics on purpose. */
    public static <T> T acrossClinics(Supplier<T> work) {
        boolean before = ACROSS_CLINICS.get();
        ACROSS_CLINICS.set(true);
        try {
            return work.get();
        } finally {
            ACROSS_CLINICS.set(before);
        }
    }
}
