package org.infusiontracker.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the streams of every instance after events were committed: a {@code NOTIFY} on
 * {@link EventLog#CHANNEL} with the clinic as payload, sent by one thread of its own, in its own
 * short transaction, for every clinic whose events committed since its last one.
 *
 * <p>Why not in the writing transaction: PostgreSQL serialises the commits of all transactions
 * that sent a {@code NOTIFY} (each holds one lock on the notification queue through its commit,
 * the flush of the write-ahead log included), so with a notify in every write, commits queued
 * behind one another and the write rate stopped at about one commit per flush, whatever the
 * cores (COMMIT waiting on the lock was the most frequent state of the service's connections
 * under load). Here the writers commit side by side and one notify a round serves them all: a
 * stream learns of a commit one short statement later. Should this instance stop between a commit
 * and its notify, the streams' own poll ({@code infusion.stream.poll}) still brings the events.
 */
@ApplicationScoped
public class EventNotifier {

    private final AgroalDataSource dataSource;
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private final Thread notifier;
    private volatile boolean running = true;

    EventNotifier(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.notifier = new Thread(this::notifyCommitted, "stream-notify");
        this.notifier.setDaemon(true);
        this.notifier.start();
    }

    /** Events of the clinic were committed: its streams are to be woken. */
    void committed(String clinicId) {
        committed.add(clinicId);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        notifier.interrupt();
    }

    private void notifyCommitted() {
        while (running) {
            List<String> clinics = new ArrayList<>();
            synchronized (signal) {
                if (committed.isEmpty()) {
                    try {
                        signal.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            for (String clinic : committed) {
                committed.remove(clinic);
                clinics.add(clinic);
            }
            if (clinics.isEmpty()) {
                continue;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement notify = c.prepareStatement(
                            "select count(pg_notify('" + EventLog.CHANNEL + "', clinic)) from unnest(?) clinic")) {
                notify.setArray(1, c.createArrayOf("text", clinics.toArray()));
                notify.execute();
            } catch (SQLException | RuntimeException e) {
                // The streams' poll brings the events meanwhile; the clinics are notified next round.
                committed.addAll(clinics);
                Log.warnf("Stream notification failed (%s); retrying in 1 s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
