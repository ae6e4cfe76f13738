package org.infusiontracker.escalation;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.security.ClinicScope;

/**
 * An alarm nobody answers must climb: a CRITICAL flag still open {@code infusion.escalation.after}
 * after it was raised is escalated ({@code flag.escalated} on the stream and to the clinic's
 * webhooks), again every {@code infusion.escalation.repeat} while open, at most
 * {@code infusion.escalation.max} times. Acknowledging the flag stops it.
 *
 * <p>Every instance runs the job; each step is taken by a conditional update
 * ({@link FlagService#escalate}), so it happens exactly once however many instances look at once.
 * Each flag is stepped in a transaction of its own, so one that fails costs only its own step (it is
 * tried again on the next run).
 */
@ApplicationScoped
public class Escalation {

    private final FlagService flags;
    private final EscalationConfig config;
    private final ClinicalTime time;

    Escalation(FlagService flags, EscalationConfig config, ClinicalTime time) {
        this.flags = flags;
        this.config = config;
        this.time = time;
    }

    @Scheduled(
            every = "${infusion.escalation.every:15s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int escalated = escalate(time.now());
        if (escalated > 0) {
            Log.infof("Escalated %d unacknowledged CRITICAL flag(s)", escalated);
        }
    }

    /** Takes every escalation step due at {@code now}; returns how many this call took. */
    public int escalate(Instant now) {
        // A system job across clinics: each flag is stepped in its own clinic.
        return ClinicScope.acrossClinics(() -> {
            List<FlagService.Due> due = QuarkusTransaction.requiringNew()
                    .call(() -> flags.dueForEscalation(now, config.after(), config.repeat(), config.max()));
            int taken = 0;
            for (FlagService.Due flag : due) {
                try {
                    if (QuarkusTransaction.requiringNew()
                            .call(() -> flags.escalate(flag, now))
                            .isPresent()) {
                        taken++;
                    }
                } catch (RuntimeException e) {
                    Log.errorf(
                            e,
                            "Escalation of flag %s of clinic %s failed; tried again next run",
                            flag.id(),
                            flag.clinicId());
                }
            }
            return taken;
        });
    }
}
