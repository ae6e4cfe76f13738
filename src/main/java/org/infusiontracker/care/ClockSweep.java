package org.infusiontracker.care;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
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
 * oximetry, sedation lasting past its window), one session per transaction. With several
 * instances, a transaction-scoped advisory lock held by an outer transaction lets one sweep at a
 * time (docs/decisions.md, "One clock sweep at a time"), and the unique indexes on flags make each clock rule
 * fire once per gap (the gap its matched value names) whatever happens.
 */
@ApplicationScoped
public class ClockSweep {

    /**
     * The advisory-lock key of the sweep: any constant that no other feature uses, hashed with the
     * schema, since advisory locks are held per database: services in other schemas of the same
     * database (the tests of another checkout) sweep their own sessions and must not skip ours.
     */
    public static final long LOCK_KEY = 0x1_5eed_c10cL;

    /** The metric: Prometheus shows it as {@code infusion_clock_sweep_failures_total{clinic}}. */
    public static final String FAILURES = "infusion.clock.sweep.failures";

    /**
     * How long the outer transaction (the lock) may last: the sessions' own transactions keep the
     * default timeout each, and a sweep of many sessions takes longer than one of them may.
     */
    private static final int OUTER_TIMEOUT_SECONDS = 600;

    /**
     * Set as the service begins to stop. A sweep under way ends after its current session: without
     * it, a stop during a long sweep went on sweeping after the container was gone (each session
     * failing), the sweep's outer transaction never ended, and the transaction manager's shutdown,
     * waiting for it, spun and logged without end.
     */
    private volatile boolean stopping;

    private final EntityManager em;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final SessionState state;
    private final RuleService rules;
    private final MeterRegistry metrics;

    ClockSweep(
            EntityManager em,
            ClinicalTime time,
            SessionService sessions,
            SessionState state,
            RuleService rules,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.em = em;
        this.time = time;
        this.sessions = sessions;
        this.state = state;
        this.rules = rules;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /** For tests: the sweep as a stopping service makes it, then as a running one. */
    void stopping(boolean value) {
        stopping = value;
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

    /**
     * Evaluates the clock rules of every dosing or observed session now; returns the flags raised.
     *
     * <p>One sweep at a time: an outer transaction takes the transaction-scoped advisory lock and
     * holds it, and nothing else, until every session was swept; each session is swept in a
     * transaction of its own, so that a session whose flags cannot be written (logged and counted
     * in {@code infusion_clock_sweep_failures_total}) loses only its own flags, not every clinic's.
     * The lock ends with the outer transaction however the sweep ends, or with its connection.
     */
    public int sweep() {
        return QuarkusTransaction.requiringNew().timeout(OUTER_TIMEOUT_SECONDS).call(() -> {
            Object locked = em.createNativeQuery(
                            "select pg_try_advisory_xact_lock(hashtextextended(current_schema(), :key))")
                    .setParameter("key", LOCK_KEY)
                    .getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            // A system job across clinics: each session's rules and records are those of its own
            // clinic. The check is per thread, so it covers the sessions' own transactions too.
            Instant now = time.now();
            return ClinicScope.acrossClinics(() -> {
                List<InfusionSession> open = sessions.dosedAndOpenInEveryClinic();
                // Each session's readings are read in its own transaction, whose persistence context
                // ends with it; the sessions are detached from this one, which then holds nothing
                // that a later query's automatic flush would check again.
                em.clear();
                int raised = 0;
                for (InfusionSession s : open) {
                    if (stopping) {
                        // The service is stopping: the rest waits for the next sweep (of any instance).
                        break;
                    }
                    raised += sweepOne(s, now);
                }
                return raised;
            });
        });
    }

    /** The flags raised for one session, in a transaction of its own; 0 when that failed. */
    private int sweepOne(InfusionSession s, Instant now) {
        try {
            return QuarkusTransaction.requiringNew()
                    .call(() -> rules.raise(
                                    Trigger.CLOCK,
                                    RaisedBy.session(s.clinicId, s.id),
                                    () -> state.at(s, now, Trigger.CLOCK))
                            .size());
        } catch (RuntimeException e) {
            Log.errorf(
                    e,
                    "Clock sweep failed for session %s of clinic %s; its clock flags are not raised",
                    s.id,
                    s.clinicId);
            Counter.builder(FAILURES)
                    .description(
                            "Sessions whose clock rules the sweep could not evaluate or whose flags it could not write")
                    .tag("clinic", s.clinicId)
                    .register(metrics)
                    .increment();
            return 0;
        }
    }
}
