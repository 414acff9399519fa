package dev.tally.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tally.platform.web.Correlation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure the HTTP layer of a Tally service can meet into an RFC 9457 problem: {@link ProblemException}s,
 * unreadable JSON bodies, unknown routes and methods, parameters that do not convert, unreachable engines (503 with
 * Retry-After) and anything unexpected (500 without details, logged with the correlation id). Messages name the
 * offending field and what is expected; they never carry class names, SQL or stack traces.
 *
 * <p>Discovered by every Quarkus application that has this jar (it is a bean archive): that is the point of the
 * platform. A host that wants its own answer for a type registers a mapper for it with a higher priority (a lower
 * {@code priority} value than {@code Priorities.USER}).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, ContainerRequestContext request) {
        return e.problem().at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class,
            UnrecognizedPropertyException.class, JsonParseException.class, JsonMappingException.class})
    public Response unreadable(JsonProcessingException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.BAD_REQUEST, "malformed-body", describe(e))
                .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, ContainerRequestContext request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, request);
        }
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause != null && !(cause instanceof WebApplicationException) && (status == 404 || status == 400)) {
            // A query or path parameter that does not convert (fromVersion=abc) is bad input, not a missing page.
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter",
                            "A parameter has an invalid value: " + (cause instanceof NumberFormatException
                                    ? "expected a whole number" : "it could not be read as the expected type"))
                    .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
        }
        return Problem.of(status, codeFor(status), detailFor(status))
                .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String correlation = Correlation.of(request);
        if (EngineFailures.isCausedByUnreachableEngine(e)) {
            LOG.warnf("correlation=%s engine unavailable: %s", correlation, e.toString());
            return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "engine-unavailable",
                            "The service's storage is unavailable right now; nothing was changed. Retry shortly.")
                    .at(request.getUriInfo().getPath(), correlation).toResponse())
                    .header("Retry-After", "2").build();
        }
        LOG.errorf(e, "correlation=%s unexpected failure", correlation);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                        "An unexpected error occurred; quote the correlation id when reporting it.")
                .at(request.getUriInfo().getPath(), correlation).toResponse();
    }

    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'; allowed fields: " + unknown.getKnownPropertyIds();
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "Field '" + field + "' must be " + expected(mismatch.getTargetType());
        }
        if (e instanceof JsonParseException) {
            return "The body is not well-formed JSON";
        }
        return "The body could not be read as the expected JSON object";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of a different type";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number (amounts are integer minor units, no fractions)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a JSON value of the documented type";
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
