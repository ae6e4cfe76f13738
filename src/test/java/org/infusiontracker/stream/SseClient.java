package org.infusiontracker.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A minimal Server-Sent Events reader for the tests: events and comments, as the wire carries them.
 * An event without an id line has id {@link #NO_ID}. {@link #close} drops the connection, so that
 * the server sees the client leave.
 */
final class SseClient implements AutoCloseable {

    static final long NO_ID = -1;

    record Event(long id, String type, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> connection;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int status;

    SseClient(URI uri, String bearer, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Authorization", bearer);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        connection = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        connection.thenAccept(response -> {
            status = response.statusCode();
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            try (Stream<String> body = response.body()) {
                for (String line : (Iterable<String>) body::iterator) {
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
            } catch (RuntimeException closed) {
                // close() dropped the connection while a line was awaited.
            } finally {
                ended.countDown();
            }
        });
    }

    /** The answer's status, once its headers arrived (0 if they did not within 10 s). */
    int status() throws InterruptedException {
        try {
            return connection.get(10, TimeUnit.SECONDS).statusCode();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            return status;
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

    @Override
    public void close() {
        connection.cancel(true);
        HttpResponse<Stream<String>> response = connection.getNow(null);
        if (response != null) {
            response.body().close();
        }
    }
}
