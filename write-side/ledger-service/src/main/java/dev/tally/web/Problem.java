package dev.tally.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail. Every error this service answers has this shape, with
 * {@code application/problem+json}; {@code code} is a stable machine-readable reason and
 * {@code correlationId} ties the answer to the server's logs.
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

    /** One rejected input field: where it is and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}

    public static Problem of(Response.Status status, String code, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), code, detail);
    }

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem("urn:tally:problem:" + code, title, status, detail, null, code, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, code, correlationId, fieldErrors);
    }

    public Problem at(String path, String correlation) {
        return new Problem(type, title, status, detail, path, code, correlation, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
