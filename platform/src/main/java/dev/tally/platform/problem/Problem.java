package dev.tally.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail: the one shape of every error a Tally service answers, with {@code application/problem+json}.
 * {@code type} is {@code urn:tally:problem:<code>}, {@code code} a stable machine-readable reason (see the platform's
 * README for the scheme), {@code correlationId} ties the answer to the server's logs, and {@code errors} (only for a
 * rejected body) names each bad field. Absent members are left out of the JSON.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String correlationId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:tally:problem:";

    /** One rejected input field: where it is and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}

    /** A problem titled with the status's reason phrase ({@code HTTP <status>} for one without). */
    public static Problem of(int status, String code, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return of(status, known == null ? "HTTP " + status : known.getReasonPhrase(), code, detail);
    }

    public static Problem of(Response.Status status, String code, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), code, detail);
    }

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem(TYPE_PREFIX + code, title, status, detail, null, code, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, code, correlationId, fieldErrors);
    }

    /** The same problem, about the request at {@code path} with the given correlation id. */
    public Problem at(String path, String correlation) {
        return new Problem(type, title, status, detail, path, code, correlation, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
