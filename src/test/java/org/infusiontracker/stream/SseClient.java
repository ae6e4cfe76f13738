package org.infusiontracker.stream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A minimal Server-Sent Events reader for the tests: events and comments, as the wire carries them.
 * An event without an id line has id {@link #NO_ID}. {@link #close} drops the connection, so that
 * the server sees the client leave.
 *
 * <p>It reads with Vert.x's non-blocking client, and everything it does on the wire runs on one
 * event-loop context: no call here waits longer than the time it is given, and no test thread ever
 * reads the body. (The JDK client it replaced read the body in a callback that ran on the caller's
 * own thread whenever the answer had come before the callback was attached, as on a loaded
 * machine: that test then read an endless stream, the token lasting two hours and keep-alives
 * defeating every socket timeout, and held the whole build.)
 */
final class SseClient implements AutoCloseable {

    static final long NO_ID = -1;

    record Event(long id, String type, String data) {}

    private final HttpClient client;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    // The event being read: touched only on the client's event-loop thread.
    private String id;
    private String type;
    private final StringBuilder data = new StringBuilder();

    SseClient(Vertx vertx, URI uri, String bearer, String lastEventId) {
        client = vertx.createHttpClient();
        RequestOptions request = new RequestOptions()
                .setAbsoluteURI(uri.toString())
                .putHeader("Accept", "text/event-stream")
                .putHeader("Authorization", bearer);
        if (lastEventId != null) {
            request.putHeader("Last-Event-ID", lastEventId);
        }
        // On the event loop, the handlers are in place before the first byte of the body is read.
        vertx.runOnContext(start -> client.request(request)
                .compose(HttpClientRequest::send)
                .onSuccess(response -> {
                    response.handler(
                            RecordParser.newDelimited("\n", line -> line(line.toString(StandardCharsets.UTF_8))));
                    response.endHandler(done -> ended.countDown());
                    response.exceptionHandler(dropped -> ended.countDown());
                    status.complete(response.statusCode());
                })
                .onFailure(failed -> {
                    status.completeExceptionally(failed);
                    ended.countDown();
                }));
    }

    /**
     * Opens a stream and waits, 10 s at most, until its headers came and {@code hub} serves one more
     * stream of {@code clinicId} (the clinic of the token), so that it counts against the limits.
     */
    static SseClient open(Vertx vertx, URI uri, String bearer, String lastEventId, StreamHub hub, String clinicId)
            throws InterruptedException {
        int before = hub.openStreams(clinicId);
        SseClient client = new SseClient(vertx, uri, bearer, lastEventId);
        client.status();
        awaitOpenStreams(hub, clinicId, n -> n > before);
        return client;
    }

    /** Waits, 10 s at most, until the number of streams {@code hub} serves the clinic satisfies {@code done}. */
    static void awaitOpenStreams(StreamHub hub, String clinicId, IntPredicate done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.test(hub.openStreams(clinicId)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void line(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isEmpty()) {
            if (id != null || type != null) {
                events.add(new Event(id == null ? NO_ID : Long.parseLong(id), type, data.toString()));
            }
            id = null;
            type = null;
            data.setLength(0);
        } else if (line.startsWith(":")) {
            comments.add(line.substring(1).strip());
        } else if (line.startsWith("id:")) {
            id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
            type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
        }
    }

    /** The answer's status, once its headers arrived (0 if they did not within 10 s). */
    int status() throws InterruptedException {
        try {
            return status.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** Events until {@code done} holds for the list or the time runs out. */
    List<Event> until(Predicate<List<Event>> done, Duration within) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null) {
                seen.add(e);
            }
        }
        return seen;
    }

    String comment(Duration within) throws InterruptedException {
        return comments.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the server ended the stream within the time given. */
    boolean endedWithin(Duration within) throws InterruptedException {
        return ended.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the connection; waits at most 5 s for the client to let it go. */
    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The connection is gone or going; nothing here waits for it.
        }
    }

    /**
     * Runs a REST Assured request to the stream that the service must refuse, for at most 15 s. A
     * refusal is one short problem document; should the stream open instead, REST Assured would
     * read it for as long as the service runs, so the test fails here rather than hang.
     */
    static <T> T refused(Callable<T> request) throws Exception {
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return request.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return answer.get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("No answer within 15 s: the stream opened where a refusal was expected");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw e;
        }
    }
}
