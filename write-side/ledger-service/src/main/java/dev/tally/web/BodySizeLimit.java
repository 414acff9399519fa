package dev.tally.web;

import dev.tally.platform.problem.Problem;
import dev.tally.platform.web.Correlation;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an over-large body with a problem, before it is read. The HTTP layer enforces the same limit
 * ({@code quarkus.http.limits.max-body-size}) for bodies without a Content-Length, but with an empty 413.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.maxBytes = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && isLarger(length)) {
                String given = Correlation.of(ctx.request());
                String correlation = given != null ? given : java.util.UUID.randomUUID().toString();
                Problem problem = Problem.of(413, "Content Too Large", "payload-too-large",
                        "The request body is larger than the " + maxBytes + " bytes this service accepts")
                        .at(ctx.request().path(), correlation);
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader(Correlation.HEADER, correlation)
                        .putHeader("Connection", "close")
                        .end(JsonObject.mapFrom(problem).encode());
            } else {
                ctx.next();
            }
        });
    }

    private boolean isLarger(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
