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
 * Gives every request an id of the server's own (a new UUID), returns it in the answer's
 * {@value #HEADER} header, puts it in the logging context, and writes one key=value line per
 * request when the answer is sent.
 *
 * <p>The caller's own {@value #HEADER} is never taken as the server's: a client could otherwise
 * reuse another request's id and blur the log and the audit trail. A sane one (1 to 100 visible
 * ASCII characters, no spaces, so it cannot forge a key=value pair of a log line) is kept beside
 * it as {@value #CLIENT_MDC_KEY} in the logging context and the audit trail, and echoed in
 * {@value #CLIENT_HEADER} so that the client sees it was taken; any other is ignored, as a
 * tracing aid is no reason to refuse a clinical write.
 */
@ApplicationScoped
public class RequestLogFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String CLIENT_HEADER = "X-Client-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String CLIENT_MDC_KEY = "clientRequestId";
    public static final String CLIENT_ID_PATTERN = "[!-~]{1,100}";
    private static final Pattern SANE = Pattern.compile(CLIENT_ID_PATTERN);

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String id = UUID.randomUUID().toString();
        String given = rc.request().getHeader(HEADER);
        String clientId = given != null && SANE.matcher(given).matches() ? given : null;
        MDC.put(MDC_KEY, id);
        putClientId(clientId);
        rc.response().putHeader(HEADER, id);
        if (clientId != null) {
            rc.response().putHeader(CLIENT_HEADER, clientId);
        }
        long start = System.nanoTime();
        String method = rc.request().method().name();
        String path = rc.request().path();
        rc.addEndHandler(ignored -> {
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            int status = rc.response().getStatusCode();
            // The log format prints the request id from the MDC; the end handler may run where it is not set yet.
            MDC.put(MDC_KEY, id);
            putClientId(clientId);
            String client = clientId == null ? "" : " clientRequestId=" + clientId;
            if (path.startsWith("/q/")) {
                Log.debugf("method=%s path=%s status=%d durationMs=%.1f%s", method, path, status, millis, client);
            } else {
                Log.infof("method=%s path=%s status=%d durationMs=%.1f%s", method, path, status, millis, client);
            }
        });
        rc.next();
    }

    private static void putClientId(String clientId) {
        if (clientId == null) {
            MDC.remove(CLIENT_MDC_KEY);
        } else {
            MDC.put(CLIENT_MDC_KEY, clientId);
        }
    }
}
