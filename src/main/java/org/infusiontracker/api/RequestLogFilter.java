package org.infusiontracker.api;

import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a sane token, a new UUID
 * otherwise), returns it in the answer's header, puts it in the logging context, and writes one
 * key=value line per request when the answer is sent.
 */
@ApplicationScoped
public class RequestLogFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String given = rc.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        MDC.put(MDC_KEY, id);
        rc.response().putHeader(HEADER, id);
        long start = System.nanoTime();
        String method = rc.request().method().name();
        String path = rc.request().path();
        rc.addEndHandler(ignored -> {
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            int status = rc.response().getStatusCode();
            // The log format prints the request id from the MDC; the end handler may run where it is not set yet.
            MDC.put(MDC_KEY, id);
            if (path.startsWith("/q/")) {
                Log.debugf("method=%s path=%s status=%d durationMs=%.1f", method, path, status, millis);
            } else {
                Log.infof("method=%s path=%s status=%d durationMs=%.1f", method, path, status, millis);
            }
        });
        rc.next();
    }
}
