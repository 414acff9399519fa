package dev.tally.projection.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tally.projection.ViewNotCaughtUpException;
import dev.tally.projection.runtime.RebuildConflictException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a read service's HTTP layer into an RFC 9457 problem: the view's own
 * {@link ProblemException}s, read-your-writes timeouts (503 with Retry-After), unknown routes, bad parameters, and
 * anything unexpected (500 without details, logged with the correlation id). Never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, ContainerRequestContext request) {
        return e.problem().at(path(request), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response notCaughtUp(ViewNotCaughtUpException e, ContainerRequestContext request) {
        return Response.fromResponse(Problem.of(503, "view-not-caught-up", e.getMessage())
                        .at(path(request), Correlation.of(request)).toResponse())
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response rebuildRunning(RebuildConflictException e, ContainerRequestContext request) {
        return Problem.of(409, "rebuild-running", "Generation " + e.building()
                        + " is being rebuilt; follow its progress in GET /projection")
                .at(path(request), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, ContainerRequestContext request) {
        return Problem.of(400, "malformed-body", "The body could not be read as the expected JSON")
                .at(path(request), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause != null && !(cause instanceof WebApplicationException) && (status == 404 || status == 400)) {
            // A path or query parameter that does not convert (e.g. minPosition=abc) is bad input, not a missing page.
            return Problem.of(400, "invalid-parameter", "A parameter has an invalid value: " + conversionDetail(cause))
                    .at(path(request), Correlation.of(request)).toResponse();
        }
        return Problem.of(status, codeFor(status), detailFor(status))
                .at(path(request), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String correlation = Correlation.of(request);
        if (isCausedByUnreachableEngine(e)) {
            LOG.warnf("correlation=%s engine unavailable: %s", correlation, e.toString());
            return Response.fromResponse(Problem.of(503, "engine-unavailable",
                                    "The view's storage is unavailable right now. Retry shortly.")
                            .at(path(request), correlation).toResponse())
                    .header("Retry-After", "2").build();
        }
        LOG.errorf(e, "correlation=%s unexpected failure", correlation);
        return Problem.of(500, "internal-error",
                        "An unexpected error occurred; quote the correlation id when reporting it.")
                .at(path(request), correlation).toResponse();
    }

    private static String path(ContainerRequestContext request) {
        return request.getUriInfo().getPath();
    }

    private static String conversionDetail(Throwable cause) {
        if (cause instanceof NumberFormatException) {
            return "expected a whole number";
        }
        return "it could not be read as the expected type";
    }

    static boolean isCausedByUnreachableEngine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof IOException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase().contains("closed")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 401 -> "Authentication is required";
            case 403 -> "You may not access this resource";
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource answers application/json only";
            case 413 -> "The request body is larger than this service accepts";
            case 415 -> "Send the body as application/json";
            default -> "The request was not accepted";
        };
    }
}
