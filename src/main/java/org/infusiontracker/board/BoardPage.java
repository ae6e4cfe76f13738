package org.infusiontracker.board;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The wall board page (static files under {@code META-INF/resources/board}): served without a
 * token, since the page holds no data and reads the API with the viewer token it is given.
 * {@code /board} moves to {@code /board/}, where the static files answer with their index page;
 * the page runs only its own scripts and styles, so an injected one would not run.
 */
@ApplicationScoped
public class BoardPage {

    static final String PATH = "/board";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'";

    void install(@Observes Router router) {
        // Vert.x matches /board/ to the route /board too: only the bare path moves.
        router.get(PATH).handler(rc -> {
            if (rc.request().path().equals(PATH)) {
                rc.redirect(PATH + "/");
            } else {
                rc.next();
            }
        });
        router.route(PATH + "/*").order(-100).handler(rc -> {
            rc.response()
                    .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            rc.next();
        });
    }
}
