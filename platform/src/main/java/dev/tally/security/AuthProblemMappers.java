package dev.tally.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as RFC 9457 problems, like every other error (Quarkus answers them with empty bodies). A 401 carries
 * {@code WWW-Authenticate: Bearer} (RFC 6750). Logs name the correlation id and the reason, never the token.
 */
public class AuthProblemMappers {

    /** Where each service's correlation filter keeps the request's id. */
    static final String CORRELATION_PROPERTY = "tally.correlation-id";
    private static final Logger LOG = Logger.getLogger(AuthProblemMappers.class);

    /** The problem body: the same fields as every Tally problem. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthProblem(String type, String title, int status, String detail, String instance, String code,
                              String correlationId) {}

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e, ContainerRequestContext request) {
        return problem(request, 401, "Unauthorized", "unauthorized",
                "This endpoint needs a bearer token: send 'Authorization: Bearer <JWT>'",
                "Bearer realm=\"tally\"");
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response rejected(RuntimeException e, ContainerRequestContext request) {
        LOG.debugf("correlation=%s token rejected: %s", correlation(request), e.getClass().getSimpleName());
        return problem(request, 401, "Unauthorized", "invalid-token",
                "The bearer token was rejected: it is expired or not yet valid, not signed by the trusted key, "
                        + "or issued for another issuer or audience. Get a new token.",
                "Bearer realm=\"tally\", error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return problem(request, 403, "Forbidden", "forbidden",
                "Your role does not allow this request; see the access matrix in the README", null);
    }

    private static Response problem(ContainerRequestContext request, int status, String title, String code,
                                    String detail, String challenge) {
        AuthProblem body = new AuthProblem("urn:tally:problem:" + code, title, status, detail,
                request.getUriInfo().getPath(), code, correlation(request));
        Response.ResponseBuilder response = Response.status(status).type("application/problem+json").entity(body);
        if (challenge != null) {
            response.header("WWW-Authenticate", challenge);
        }
        return response.build();
    }

    private static String correlation(ContainerRequestContext request) {
        Object id = request.getProperty(CORRELATION_PROPERTY);
        if (id == null) {
            id = UUID.randomUUID().toString();
            request.setProperty(CORRELATION_PROPERTY, id);
        }
        return id.toString();
    }
}
