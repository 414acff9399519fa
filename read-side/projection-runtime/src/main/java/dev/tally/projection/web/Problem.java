package dev.tally.projection.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, the shape of every error a read service answers with {@code application/problem+json}
 * (the same shape as the write side's): {@code code} is a stable machine-readable reason and {@code correlationId}
 * ties the answer to the server's logs.
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
        String correlationId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return of(status, known == null ? "HTTP " + status : known.getReasonPhrase(), code, detail);
    }

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem("urn:tally:problem:" + code, title, status, detail, null, code, null);
    }

    public Problem at(String path, String correlation) {
        return new Problem(type, title, status, detail, path, code, correlation);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
