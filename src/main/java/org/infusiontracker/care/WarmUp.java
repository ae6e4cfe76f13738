package org.infusiontracker.care;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.infusiontracker.patient.PatientApi.CreatePatient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.InfusionConfig;
import org.infusiontracker.security.DeviceCaller;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.Indication;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.Route;
import org.infusiontracker.session.SessionApi.CreateSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.VitalsApi.RecordReading;
import org.infusiontracker.vitals.VitalsService;

/**
 * Runs the write path before the service says it is ready: {@code infusion.warm-up.readings}
 * readings recorded through {@link VitalsService#record} (the session's lock, the insert, the
 * neighbours, every READING rule, the flags, the stream event's JSON) into sessions of a patient
 * of the clinic {@value #CLINIC}, each session's transaction rolled back, so that nothing of it is
 * stored. The JIT compiles the path while no one waits on it: on two cores a cold instance served
 * two thirds of its warmed rate over its first minute. Readiness ({@code /q/health/ready}) is
 * DOWN until it ends; a failure (a database away at start) ends it early, logged. Off (0) in dev
 * and tests.
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    /** The clinic the warm-up acts in; its writes are rolled back. */
    static final String CLINIC = "infusion-warm-up";

    private static final int READINGS_PER_SESSION = 50;

    private final int readings;
    private final DeviceCaller devices;
    private final PatientService patients;
    private final SessionService sessions;
    private final VitalsService vitals;
    private final TransactionManager transactions;
    private volatile boolean done;
    private volatile boolean stopping;

    WarmUp(
            InfusionConfig config,
            DeviceCaller devices,
            PatientService patients,
            SessionService sessions,
            VitalsService vitals,
            TransactionManager transactions) {
        this.transactions = transactions;
        this.readings = config.warmUpReadings();
        this.devices = devices;
        this.patients = patients;
        this.sessions = sessions;
        this.vitals = vitals;
        this.done = this.readings <= 0;
    }

    void start(@Observes StartupEvent startup) {
        if (done) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    long started = System.nanoTime();
                    try {
                        int recorded = run(readings);
                        Log.infof(
                                "Warm-up: %d readings recorded and rolled back in %d ms",
                                recorded, (System.nanoTime() - started) / 1_000_000);
                    } catch (RuntimeException e) {
                        Log.warnf("Warm-up ended early (%s); the service is ready without it", e.toString());
                    } finally {
                        done = true;
                    }
                },
                "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /** Records {@code count} readings, each session's in a transaction rolled back; returns how many. */
    int run(int count) {
        Random random = new Random(count);
        int recorded = 0;
        while (recorded < count && !stopping) {
            int batch = Math.min(READINGS_PER_SESSION, count - recorded);
            rolledBack(() -> devices.actAs(CLINIC, "warm-up", () -> {
                UUID patient = patients.create(
                                new CreatePatient("WARM-UP-" + UUID.randomUUID(), "Warm-up", null, null, null, null))
                        .id();
                InfusionSession session = sessions.create(new CreateSession(
                        patient,
                        Drug.KETAMINE,
                        Route.IV,
                        Indication.TRD,
                        null,
                        null,
                        null,
                        null,
                        null,
                        true,
                        null,
                        null));
                for (int i = 0; i < batch; i++) {
                    vitals.record(session.id, reading(random, i));
                }
                return null;
            }));
            recorded += batch;
        }
        return recorded;
    }

    /** Runs {@code work} in a transaction of its own, then rolls it back whatever happened. */
    private void rolledBack(Runnable work) {
        try {
            transactions.begin();
            try {
                work.run();
            } finally {
                transactions.rollback();
            }
        } catch (NotSupportedException | SystemException e) {
            throw new IllegalStateException("The warm-up's transaction could not be begun or rolled back", e);
        }
    }

    /** Calm values around a patient's, and every tenth reading out of range, so that rules match and flag. */
    private static RecordReading reading(Random random, int i) {
        boolean abnormal = i % 10 == 9;
        return new RecordReading(
                null,
                abnormal ? 192 : 110 + random.nextInt(25),
                abnormal ? 112 : 65 + random.nextInt(15),
                60 + random.nextInt(30),
                abnormal ? 87 : 95 + random.nextInt(6),
                12 + random.nextInt(6),
                null,
                null,
                i % 5 == 0 ? random.nextInt(6) : null,
                null,
                null,
                null);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(done).build();
    }
}
