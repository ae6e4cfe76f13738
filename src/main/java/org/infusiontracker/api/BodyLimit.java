package org.infusiontracker.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} before it is read, with a 413
 * problem+json like every other error (the HTTP layer's own refusal has no body). Bodies sent
 * chunked, without a length, are still cut off at the limit by the HTTP layer.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-900).handler(this::check);
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= limit) {
            rc.next();
            return;
        }
        Object requestId = MDC.get(RequestLogFilter.MDC_KEY);
        Problem problem = new Problem(
                "/problems/payload-too-large",
                "Payload too large",
                413,
                "The request body is larger than " + limit + " bytes",
                rc.request().path(),
                requestId == null ? null : requestId.toString(),
                null,
                null);
        rc.response()
                .setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(Json.encode(problem));
    }
}
