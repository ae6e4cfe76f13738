package org.infusiontracker.stream;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.infusiontracker.events.EventLog;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Delivers stream events to this instance's open streams. The {@code stream_event} table is the
 * source of truth: each stream keeps the id of the last event it sent and reads what follows, in
 * order, so nothing is sent twice or skipped. A LISTEN on {@link EventLog#CHANNEL}, held while
 * the instance has a stream open, wakes the streams of a clinic as soon as any instance commits an
 * event; a poll every few seconds wakes
 * them anyway, so a lost notification only delays an event. A heartbeat comment keeps idle
 * connections open through proxies.
 */
@ApplicationScoped
public class StreamHub {

    private static final String NEXT =
            "select id, type, payload from stream_event where clinic_id = ? and id > ? order by id limit 500";
    private static final String LAST = "select coalesce(max(id), 0) from stream_event where clinic_id = ?";

    /** One open stream: its clinic, where it is in the event table, and where events go. */
    static final class Stream {
        final String clinicId;
        final MultiEmitter<? super OutboundSseEvent> emitter;
        final Sse sse;
        long cursor;

        Stream(String clinicId, long cursor, MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
            this.clinicId = clinicId;
            this.cursor = cursor;
            this.emitter = emitter;
            this.sse = sse;
        }
    }

    private final AgroalDataSource dataSource;
    private final StreamConfig config;
    private final ConcurrentMap<String, Set<Stream>> byClinic = new ConcurrentHashMap<>();
    private final ExecutorService listener = Executors.newSingleThreadExecutor(r -> daemon(r, "stream-listen"));
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stream-tick"));
    private final ExecutorService deliveries = Executors.newFixedThreadPool(2, r -> daemon(r, "stream-deliver"));
    /** Tells the listener that a stream opened, so that it starts listening at once. */
    private final Object listenerSignal = new Object();

    private volatile boolean running = true;

    StreamHub(AgroalDataSource dataSource, StreamConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        listener.submit(this::listen);
        long poll = config.poll().toMillis();
        ticks.scheduleWithFixedDelay(() -> byClinic.keySet().forEach(this::wake), poll, poll, TimeUnit.MILLISECONDS);
        long beat = config.heartbeat().toMillis();
        ticks.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream for the clinic. With {@code lastEventId} it first sends everything after that
     * event; without, it starts at the clinic's newest event.
     */
    public void open(String clinicId, Long lastEventId, MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
        long cursor = lastEventId != null ? lastEventId : newest(clinicId);
        Stream stream = new Stream(clinicId, cursor, emitter, sse);
        byClinic.computeIfAbsent(clinicId, k -> ConcurrentHashMap.newKeySet()).add(stream);
        synchronized (listenerSignal) {
            listenerSignal.notifyAll();
        }
        emitter.onTermination(() -> close(stream));
        deliveries.submit(() -> deliver(stream));
    }

    /** How many streams this instance serves (for the health of the feature, and tests). */
    public int openStreams() {
        return byClinic.values().stream().mapToInt(Set::size).sum();
    }

    private void close(Stream stream) {
        Set<Stream> streams = byClinic.get(stream.clinicId);
        if (streams != null) {
            streams.remove(stream);
        }
    }

    private void wake(String clinicId) {
        Set<Stream> streams = byClinic.get(clinicId);
        if (streams != null) {
            for (Stream stream : streams) {
                deliveries.submit(() -> deliver(stream));
            }
        }
    }

    /** Sends the events after the stream's cursor, in order; one delivery per stream at a time. */
    private void deliver(Stream stream) {
        synchronized (stream) {
            if (stream.emitter.isCancelled()) {
                close(stream);
                return;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement next = c.prepareStatement(NEXT)) {
                boolean more = true;
                while (more) {
                    next.setString(1, stream.clinicId);
                    next.setLong(2, stream.cursor);
                    int sent = 0;
                    try (ResultSet rows = next.executeQuery()) {
                        while (rows.next()) {
                            long id = rows.getLong(1);
                            stream.emitter.emit(stream.sse
                                    .newEventBuilder()
                                    .id(Long.toString(id))
                                    .name(rows.getString(2))
                                    .mediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                                    .data(rows.getString(3))
                                    .build());
                            stream.cursor = id;
                            sent++;
                        }
                    }
                    more = sent == 500;
                }
            } catch (SQLException | RuntimeException e) {
                Log.warnf("Stream delivery for clinic %s paused: %s", stream.clinicId, e.getMessage());
            }
        }
    }

    private long newest(String clinicId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement last = c.prepareStatement(LAST)) {
            last.setString(1, clinicId);
            try (ResultSet rows = last.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the stream's position", e);
        }
    }

    private void heartbeat() {
        byClinic.values()
                .forEach(streams -> streams.forEach(stream -> {
                    synchronized (stream) {
                        if (!stream.emitter.isCancelled()) {
                            stream.emitter.emit(stream.sse
                                    .newEventBuilder()
                                    .comment("keep-alive")
                                    .build());
                        }
                    }
                }));
    }

    /**
     * Holds one connection that LISTENs while this instance serves a stream, and wakes a clinic's
     * streams on each notification; reconnects on failure. With no stream open it does not
     * listen: PostgreSQL would otherwise wake this connection on every commit that publishes an
     * event, for nothing (a few per cent of the write path's CPU, on both sides).
     */
    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                boolean listening = false;
                while (running) {
                    boolean wanted = openStreams() > 0;
                    if (wanted != listening) {
                        s.execute((wanted ? "LISTEN " : "UNLISTEN ") + EventLog.CHANNEL);
                        listening = wanted;
                    }
                    if (!listening) {
                        awaitStream();
                        continue;
                    }
                    PGNotification[] notifications =
                            pg.getNotifications((int) Duration.ofSeconds(1).toMillis());
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            wake(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    Log.warnf(
                            "Stream listener lost its connection (%s); the poll keeps streams going, retrying in 1 s",
                            e.getMessage());
                    sleep(1000);
                }
            }
        }
    }

    /** Waits until a stream opens (or a second passes, to re-check). */
    private void awaitStream() {
        synchronized (listenerSignal) {
            if (openStreams() == 0) {
                try {
                    listenerSignal.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        listener.shutdownNow();
        ticks.shutdownNow();
        deliveries.shutdownNow();
        byClinic.values().forEach(streams -> streams.forEach(stream -> stream.emitter.complete()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
