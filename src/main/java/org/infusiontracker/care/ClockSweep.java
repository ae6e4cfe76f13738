package org.infusiontracker.care;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.RaisedBy;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.security.ClinicScope;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;

/**
 * The scheduled sweep for what did not happen (no blood pressure near 40 minutes, no pulse
 * oximetry, sedation lasting past its window). With several instances, a transaction-scoped
 * advisory lock lets one sweep at a time, and the unique indexes on flags make each clock rule
 * fire once per gap (the gap its matched value names) whatever happens.
 */
@ApplicationScoped
public class ClockSweep {

    /**
     * The advisory-lock key of the sweep: any constant that no other feature uses, hashed with the
     * schema, since advisory locks are held per database: services in other schemas of the same
     * database (the tests of another checkout) sweep their own sessions and must not skip ours.
     */
    static final long LOCK_KEY = 0x1_5eed_c10cL;

    private final EntityManager em;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final SessionState state;
    private final RuleService rules;

    ClockSweep(EntityManager em, ClinicalTime time, SessionService sessions, SessionState state, RuleService rules) {
        this.em = em;
        this.time = time;
        this.sessions = sessions;
        this.state = state;
        this.rules = rules;
    }

    @Scheduled(
            every = "${infusion.rules.sweep-every:30s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int raised = sweep();
        if (raised > 0) {
            Log.infof("Clock sweep raised %d flag(s)", raised);
        }
    }

    /** Evaluates the clock rules of every dosing or observed session now; returns the flags raised. */
    @Transactional
    public int sweep() {
        Object locked = em.createNativeQuery(
                        "select pg_try_advisory_xact_lock(hashtextextended(current_schema(), :key))")
                .setParameter("key", LOCK_KEY)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        // A system job across clinics: each session's rules and records are those of its own clinic.
        Instant now = time.now();
        return ClinicScope.acrossClinics(() -> {
            int raised = 0;
            List<InfusionSession> open = sessions.dosedAndOpenInEveryClinic();
            for (InfusionSession s : open) {
                raised += rules.raise(
                                Trigger.CLOCK,
                                RaisedBy.session(s.clinicId, s.id),
                                () -> state.at(s, now, Trigger.CLOCK))
                        .size();
                // Each session's readings are read for its rules and needed no longer: without this
                // the persistence context grows with every session swept, and each later query's
                // automatic flush checks all of it again.
                em.flush();
                em.clear();
            }
            return raised;
        });
    }
}
