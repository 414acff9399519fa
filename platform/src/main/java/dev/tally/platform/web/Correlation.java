package dev.tally.platform.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every request carries a correlation id: the caller's {@code X-Correlation-Id} when it is a sane token, otherwise a
 * fresh one. It is returned on every response, printed in problem details and log lines, and (on the write side)
 * recorded in the events' metadata, so one id follows a command end to end.
 */
public class Correlation {

    public static final String HEADER = "X-Correlation-Id";
    static final String PROPERTY = "tally.correlation-id";
    static final String MDC_KEY = "correlationId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        // Every log line of the request carries it (the log format prints %X{correlationId}); Quarkus keeps the MDC
        // on the request's own Vert.x context, so it follows the request across reactive steps.
        MDC.put(MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }

    /** The request's id; assigns one when the filter has not run (e.g. a failure before matching). */
    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        if (id == null) {
            id = UUID.randomUUID().toString();
            request.setProperty(PROPERTY, id);
        }
        return id.toString();
    }

    /** For code that only has the Vert.x request (route handlers run before the filters): the caller's sane id. */
    public static String of(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        return given != null && SANE.matcher(given).matches() ? given : null;
    }
}
