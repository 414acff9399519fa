package dev.tally.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure the HTTP layer can meet into an RFC 9457 problem. Messages name the
 * offending field and what is expected; they never carry class names, SQL or stack traces.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, ContainerRequestContext request) {
        return e.problem().at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, ContainerRequestContext request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-request", detail).withErrors(errors)
                .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
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
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return Problem.of(status, title, codeFor(status), detailFor(status))
                .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String correlation = Correlation.of(request);
        if (ServiceUnavailable.isCausedByUnreachableEngine(e)) {
            LOG.warnf("correlation=%s engine unavailable: %s", correlation, e.toString());
            return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "engine-unavailable",
                            "The ledger's storage is unavailable right now; nothing was changed. Retry shortly.")
                    .at(request.getUriInfo().getPath(), correlation).toResponse())
                    .header("Retry-After", "2").build();
        }
        LOG.errorf(e, "correlation=%s unexpected failure", correlation);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                        "An unexpected error occurred; quote the correlation id when reporting it.")
                .at(request.getUriInfo().getPath(), correlation).toResponse();
    }

    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    static String describe(JsonProcessingException e) {
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
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 400 -> "bad-request";
            default -> "http-" + status;
        };
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource answers application/json only";
            case 413 -> "The request body is larger than this service accepts";
            case 415 -> "Send the body as application/json";
            default -> "The request was not accepted";
        };
    }
}
