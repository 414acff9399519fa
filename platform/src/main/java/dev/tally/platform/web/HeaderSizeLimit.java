package dev.tally.platform.web;

import dev.tally.platform.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers request headers larger than {@code tally.http.max-header-size} with a {@code 431} problem, like every other
 * error. Vert.x itself refuses headers above {@code quarkus.http.limits.max-header-size} (HTTP/1.1) or
 * {@code max-header-list-size} (HTTP/2) while decoding, before any route runs, with an empty 431 or a GOAWAY that
 * Quarkus offers no hook to replace; so each service sets those hard limits well above this one (README, "Security"),
 * and this route, first of all, applies the real limit.
 */
@ApplicationScoped
public class HeaderSizeLimit {

    private final long maxBytes;

    HeaderSizeLimit(@ConfigProperty(name = "tally.http.max-header-size", defaultValue = "16K") MemorySize limit) {
        this.maxBytes = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-2000).handler(ctx -> {
            if (headerBytes(ctx.request()) <= maxBytes) {
                ctx.next();
                return;
            }
            String given = Correlation.of(ctx.request());
            String correlation = given != null ? given : UUID.randomUUID().toString();
            Problem problem = Problem.of(431, "Request Header Fields Too Large", "headers-too-large",
                    "The request headers are larger than the " + maxBytes + " bytes this service accepts")
                    .at(ctx.request().path(), correlation);
            ctx.response().setStatusCode(431).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader(Correlation.HEADER, correlation);
            if (ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader("Connection", "close"); // a connection header is not allowed in HTTP/2
            }
            ctx.response().end(JsonObject.mapFrom(problem).encode());
        });
    }

    /** The header lines as sent: {@code name: value} and CRLF each. */
    private static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }
}
