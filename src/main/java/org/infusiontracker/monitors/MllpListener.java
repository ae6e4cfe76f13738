package org.infusiontracker.monitors;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The MLLP listener of bedside monitors, on {@code infusion.hl7.port} (none: no listener).
 *
 * <p>A Vert.x {@link NetServer}: the event loop only cuts frames ({@link MllpFrames}) and writes
 * answers; parsing and storing run on a pool of {@code infusion.hl7.workers} threads. Each
 * connection's messages are handled one after the other, so a monitor's messages are acknowledged
 * in the order it sent them; a connection with many messages waiting is paused until its backlog
 * drains. A silent connection is closed after {@code infusion.hl7.idle-timeout}; a frame over
 * {@code infusion.hl7.max-frame-bytes} is answered AR and the connection closed; past
 * {@code infusion.hl7.max-connections} a new connection is closed at once. Nothing a client sends
 * stops the listener.
 */
@ApplicationScoped
public class MllpListener {

    private static final Logger LOG = Logger.getLogger(MllpListener.class);

    /** Frames of one connection queued or in work before it is paused, and the level it is resumed at. */
    private static final int PAUSE_AT = 32;

    private static final int RESUME_AT = 8;

    private final Vertx vertx;
    private final Hl7Config config;
    private final Hl7Codec codec;
    private final MonitorRecorder recorder;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile NetServer server;
    private volatile ExecutorService workers;

    MllpListener(Vertx vertx, Hl7Config config, Hl7Codec codec, MonitorRecorder recorder) {
        this.vertx = vertx;
        this.config = config;
        this.codec = codec;
        this.recorder = recorder;
    }

    void start(@Observes StartupEvent start) throws Exception {
        if (config.port().isEmpty()) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(
                config.workers(), config.workers(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
                    Thread t = new Thread(work, "hl7-worker-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    // HAPI finds its structure classes through the context class loader.
                    t.setContextClassLoader(loader);
                    return t;
                });
        NetServerOptions options = new NetServerOptions()
                .setIdleTimeout((int) config.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true);
        NetServer net = vertx.createNetServer(options).connectHandler(this::connected);
        server = net.listen(config.port().getAsInt(), config.host())
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        LOG.infof(
                "Listening for HL7 v2 (MLLP) from bedside monitors on %s:%d: bind it to the monitor network only,"
                        + " MLLP has no authentication",
                config.host(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent stop) {
        NetServer net = server;
        if (net != null) {
            net.close();
        }
        ExecutorService pool = workers;
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** The port listened on (the one bound when 0 was asked), or -1 when off. */
    public int port() {
        NetServer net = server;
        return net == null ? -1 : net.actualPort();
    }

    private void connected(NetSocket socket) {
        if (connections.incrementAndGet() > config.maxConnections()) {
            connections.decrementAndGet();
            LOG.warnf(
                    "MLLP connection from %s closed: %d connections open",
                    socket.remoteAddress(), config.maxConnections());
            socket.close();
            return;
        }
        new Connection(socket).open();
    }

    /** One monitor's connection: its frames, handled in order. */
    private final class Connection implements MllpFrames.Listener {

        private final NetSocket socket;
        private final MllpFrames frames;
        private final AtomicInteger waiting = new AtomicInteger();
        /** The last frame's work: the next one runs after it. Touched on the event loop only. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        private volatile boolean closed;

        Connection(NetSocket socket) {
            this.socket = socket;
            this.frames = new MllpFrames(config.maxFrameBytes(), this);
        }

        void open() {
            socket.handler(buffer -> frames.feed(buffer.getBytes()));
            socket.closeHandler(v -> {
                closed = true;
                connections.decrementAndGet();
            });
            socket.exceptionHandler(e -> LOG.debugf(e, "MLLP connection from %s failed", socket.remoteAddress()));
        }

        @Override
        public void frame(byte[] payload) {
            String text = new String(payload, StandardCharsets.UTF_8);
            enqueueStage(() -> answer(text));
        }

        @Override
        public void badFraming() {
            enqueue(() -> codec.ack(
                    Hl7Codec.Header.NONE,
                    Ack.rejected(Ack.SEGMENT_ERROR, "bad MLLP framing: bytes outside a 0x0B ... 0x1C 0x0D frame")));
        }

        @Override
        public void tooLarge() {
            enqueue(() -> codec.ack(
                    Hl7Codec.Header.NONE,
                    Ack.rejected(
                            Ack.SEGMENT_ERROR,
                            "frame larger than " + config.maxFrameBytes() + " bytes; the connection is closed")));
            tail = tail.thenRun(() -> vertx.runOnContext(v -> socket.close()));
        }

        /** Runs the answer's work after the connection's earlier frames, on the workers, then sends it. */
        private void enqueue(java.util.function.Supplier<String> work) {
            enqueueStage(() -> CompletableFuture.completedFuture(work.get()));
        }

        /**
         * Runs the answer's work after the connection's earlier frames: started on the workers, it may
         * finish elsewhere (a message's answer completes when its group of messages has committed).
         */
        private void enqueueStage(java.util.function.Supplier<CompletionStage<String>> work) {
            if (waiting.incrementAndGet() >= PAUSE_AT) {
                socket.pause();
            }
            tail = tail.thenComposeAsync(
                            ignored -> {
                                if (closed) {
                                    return CompletableFuture.<String>completedFuture(null);
                                }
                                try {
                                    return work.get();
                                } catch (RuntimeException e) {
                                    return CompletableFuture.<String>failedFuture(e);
                                }
                            },
                            workers)
                    .exceptionally(e -> {
                        LOG.warn("An MLLP message could not be answered", e);
                        return codec.ack(
                                Hl7Codec.Header.NONE, Ack.rejected(Ack.INTERNAL_ERROR, "not processed; resend"));
                    })
                    .thenAccept(ack -> {
                        if (ack != null && !closed) {
                            socket.write(framed(ack));
                        }
                        if (waiting.decrementAndGet() == RESUME_AT) {
                            socket.resume();
                        }
                    })
                    .exceptionally(e -> {
                        LOG.warn("An MLLP answer failed", e);
                        return null;
                    });
        }

        private CompletionStage<String> answer(String text) {
            Hl7Codec.Inbound inbound = codec.read(text);
            if (inbound.refusal() != null) {
                return CompletableFuture.completedFuture(codec.ack(inbound.header(), inbound.refusal()));
            }
            // The answer is written on the workers, not on the thread that committed the message.
            return recorder.record(inbound.message()).thenApplyAsync(ack -> codec.ack(inbound.header(), ack), workers);
        }
    }

    private static Buffer framed(String ack) {
        byte[] body = ack.getBytes(StandardCharsets.UTF_8);
        Buffer out = Buffer.buffer(body.length + 3);
        out.appendByte(MllpFrames.START)
                .appendBytes(body)
                .appendByte(MllpFrames.END)
                .appendByte(MllpFrames.CR);
        return out;
    }
}
