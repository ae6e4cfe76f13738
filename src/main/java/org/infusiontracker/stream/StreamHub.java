package org.infusiontracker.stream;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infusiontracker.api.TooManyRequests;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.record.ClinicalTime;
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
 *
 * <p>A stream lives no longer than its token: at the token's expiry it gets a {@code stream.closed}
 * event and ends. Replay reaches back at most {@code infusion.stream.retention}; an older cursor
 * gets a {@code reset} and the stream goes on from the newest event. One person holds at most
 * {@code infusion.stream.max-per-user} streams on an instance. Everything that reads the database
 * runs on a worker thread ({@link #begin} refuses an event-loop thread, the rest runs on this
 * hub's own threads), so that a slow or absent database never stalls the event loop.
 */
@ApplicationScoped
public class StreamHub {

    /** The name of the event that ends a stream, with the reason as its data. */
    public static final String CLOSED = "stream.closed";
    /** The name of the event that tells a client its cursor is too old: reload the board. */
    public static final String RESET = "reset";

    private static final String NEXT =
            "select id, type, payload from stream_event where clinic_id = ? and id > ? order by id limit 500";
    private static final String LAST = "select coalesce(max(id), 0) from stream_event where clinic_id = ?";
    /** Whether the event a client last saw is still kept and within the retention (one row by its key). */
    private static final String KEPT = "select created_at >= ? from stream_event where id = ? and clinic_id = ?";

    /**
     * Where a new stream starts: after {@code cursor}; {@code reset} when the client's cursor was
     * too old to replay from, and {@code cursor} is then the clinic's newest event.
     */
    public record Start(long cursor, boolean reset) {}

    /** Who holds streams, for the limit per person. */
    private record Person(String clinicId, String actor) {}

    /** One person's claim on a stream, given back once when the stream ends or fails to open. */
    public final class Slot {
        private final Person person;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Person person) {
            this.person = person;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                perPerson.computeIfPresent(person, (p, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    /**
     * The controlled-substance ledger's events: viewers and admins see nothing of the ledger, so a
     * stream of theirs passes over them (its cursor still moves past them).
     */
    static final String LEDGER_EVENTS = "ledger.";

    /** One open stream: its clinic, where it is in the event table, and where events go. */
    static final class Stream {
        final String clinicId;
        final MultiEmitter<? super OutboundSseEvent> emitter;
        final Sse sse;
        final Slot slot;
        /** Whether the caller is a nurse or physician: only they see the controlled-substance ledger's events. */
        final boolean clinician;

        long cursor;
        /** Completed by this hub (token expired, shutdown): nothing more is sent. */
        boolean done;

        ScheduledFuture<?> expiry;

        Stream(
                String clinicId,
                long cursor,
                Slot slot,
                boolean clinician,
                MultiEmitter<? super OutboundSseEvent> emitter,
                Sse sse) {
            this.clinicId = clinicId;
            this.clinician = clinician;
            this.cursor = cursor;
            this.slot = slot;
            this.emitter = emitter;
            this.sse = sse;
        }

        boolean ended() {
            return done || emitter.isCancelled();
        }
    }

    private final AgroalDataSource dataSource;
    private final StreamConfig config;
    private final AuditLog audit;
    private final ClinicalTime time;
    private final ConcurrentMap<String, Set<Stream>> byClinic = new ConcurrentHashMap<>();
    private final ConcurrentMap<Person, Integer> perPerson = new ConcurrentHashMap<>();
    private final ExecutorService listener = Executors.newSingleThreadExecutor(r -> daemon(r, "stream-listen"));
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stream-tick"));
    private final ExecutorService deliveries = Executors.newFixedThreadPool(2, r -> daemon(r, "stream-deliver"));
    /** Tells the listener that a stream opened, so that it starts listening at once. */
    private final Object listenerSignal = new Object();

    private volatile boolean running = true;

    StreamHub(AgroalDataSource dataSource, StreamConfig config, AuditLog audit, ClinicalTime time) {
        this.dataSource = dataSource;
        this.config = config;
        this.audit = audit;
        this.time = time;
    }

    void start(@Observes StartupEvent event) {
        listener.submit(this::listen);
        long poll = config.poll().toMillis();
        ticks.scheduleWithFixedDelay(() -> byClinic.keySet().forEach(this::wake), poll, poll, TimeUnit.MILLISECONDS);
        long beat = config.heartbeat().toMillis();
        ticks.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims one of the person's streams on this instance; 429 when they already hold
     * {@code infusion.stream.max-per-user}. Retry-After is a heartbeat: a stream whose client
     * vanished without closing it is noticed when a keep-alive cannot be written.
     */
    public Slot reserve(String clinicId, String actor) {
        Person person = new Person(clinicId, actor);
        boolean[] granted = {false};
        perPerson.compute(person, (p, n) -> {
            int held = n == null ? 0 : n;
            if (held >= config.maxPerUser()) {
                return n;
            }
            granted[0] = true;
            return held + 1;
        });
        if (!granted[0]) {
            throw new TooManyRequests(
                    "Too many streams",
                    "You hold " + config.maxPerUser() + " open streams already; close one first",
                    (int) Math.max(1, config.heartbeat().toSeconds()));
        }
        return new Slot(person);
    }

    /**
     * Audits the opening (entity {@code stream}, the clinic, the Last-Event-ID asked for) and finds
     * where the stream starts: after {@code lastEventId} when that event is still kept and younger
     * than the retention, else at the clinic's newest event, with a reset when a cursor was given.
     * Reads the database, so it refuses to run on an event-loop thread.
     */
    @Transactional
    public Start begin(String clinicId, String askedFor, Long lastEventId) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Opening a stream reads the database and must not run on the event loop");
        }
        Start start;
        if (lastEventId == null) {
            start = new Start(newest(clinicId), false);
        } else if (replayable(clinicId, lastEventId)) {
            start = new Start(lastEventId, false);
        } else {
            start = new Start(newest(clinicId), true);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        if (askedFor != null) {
            detail.put("lastEventId", askedFor);
        }
        if (start.reset()) {
            detail.put("reset", true);
        }
        audit.write("OPEN", "stream", clinicId, detail);
        return start;
    }

    /**
     * Opens a stream for the clinic from where {@link #begin} placed it, until the client leaves or
     * {@code expires} (the token's expiry; null: never) passes. Touches no database itself: the
     * first delivery runs on this hub's threads.
     */
    public void open(
            String clinicId,
            Start start,
            Instant expires,
            Slot slot,
            boolean clinician,
            MultiEmitter<? super OutboundSseEvent> emitter,
            Sse sse) {
        Stream stream = new Stream(clinicId, start.cursor(), slot, clinician, emitter, sse);
        emitter.onTermination(() -> close(stream));
        synchronized (stream) {
            if (start.reset()) {
                OutboundSseEvent.Builder reset = sse.newEventBuilder()
                        .name(RESET)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data("{\"reason\":\"cursor-too-old\"}");
                if (start.cursor() > 0) {
                    // Resuming from here after a reconnect is right: the client reloads the board now.
                    reset.id(Long.toString(start.cursor()));
                }
                emitter.emit(reset.build());
            }
            if (expires != null) {
                long delay =
                        Math.max(0, Duration.between(Instant.now(), expires).toMillis());
                stream.expiry = ticks.schedule(() -> end(stream, "token-expired"), delay, TimeUnit.MILLISECONDS);
            }
        }
        byClinic.computeIfAbsent(clinicId, k -> ConcurrentHashMap.newKeySet()).add(stream);
        synchronized (listenerSignal) {
            listenerSignal.notifyAll();
        }
        deliveries.submit(() -> deliver(stream));
    }

    /** How many streams this instance serves (for the health of the feature, and tests). */
    public int openStreams() {
        return byClinic.values().stream().mapToInt(Set::size).sum();
    }

    /** How many streams this instance serves the clinic. */
    int openStreams(String clinicId) {
        Set<Stream> streams = byClinic.get(clinicId);
        return streams == null ? 0 : streams.size();
    }

    /** Tells the client why its stream ends ({@link #CLOSED}), then ends it. */
    private void end(Stream stream, String reason) {
        synchronized (stream) {
            if (stream.ended()) {
                return;
            }
            stream.emitter.emit(stream.sse
                    .newEventBuilder()
                    .name(CLOSED)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data("{\"reason\":\"" + reason + "\"}")
                    .build());
            stream.done = true;
        }
        stream.emitter.complete();
        close(stream);
    }

    private void close(Stream stream) {
        Set<Stream> streams = byClinic.get(stream.clinicId);
        if (streams != null) {
            streams.remove(stream);
        }
        ScheduledFuture<?> expiry = stream.expiry;
        if (expiry != null) {
            expiry.cancel(false);
        }
        stream.slot.release();
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
            if (stream.ended()) {
                close(stream);
                return;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement next = c.prepareStatement(NEXT)) {
                boolean more = true;
                while (more && !stream.ended()) {
                    next.setString(1, stream.clinicId);
                    next.setLong(2, stream.cursor);
                    int sent = 0;
                    try (ResultSet rows = next.executeQuery()) {
                        while (rows.next()) {
                            long id = rows.getLong(1);
                            String type = rows.getString(2);
                            if (stream.clinician || !type.startsWith(LEDGER_EVENTS)) {
                                stream.emitter.emit(stream.sse
                                        .newEventBuilder()
                                        .id(Long.toString(id))
                                        .name(type)
                                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                        .data(rows.getString(3))
                                        .build());
                            }
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

    /** Whether the clinic's event {@code id} is still kept and younger than the retention. */
    private boolean replayable(String clinicId, long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement kept = c.prepareStatement(KEPT)) {
            kept.setObject(1, time.now().minus(config.retention()).atOffset(ZoneOffset.UTC));
            kept.setLong(2, id);
            kept.setString(3, clinicId);
            try (ResultSet rows = kept.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the stream's position", e);
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
                        if (!stream.ended()) {
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
        byClinic.values()
                .forEach(streams -> streams.forEach(stream -> {
                    synchronized (stream) {
                        stream.done = true;
                    }
                    stream.emitter.complete();
                }));
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
