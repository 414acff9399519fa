package dev.tally.platform.security;

import dev.tally.platform.problem.Problem;
import dev.tally.platform.web.Correlation;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as RFC 9457 problems, like every other error (Quarkus answers them with empty bodies). A 401 carries
 * {@code WWW-Authenticate: Bearer} (RFC 6750). Logs name the correlation id and the reason, never the token.
 */
public class AuthProblemMappers {

    private static final Logger LOG = Logger.getLogger(AuthProblemMappers.class);

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e, ContainerRequestContext request) {
        return problem(request, 401, "Unauthorized", "unauthorized",
                "This endpoint needs a bearer token: send 'Authorization: Bearer <JWT>'",
                "Bearer realm=\"tally\"");
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response rejected(RuntimeException e, ContainerRequestContext request) {
        LOG.debugf("correlation=%s token rejected: %s", Correlation.of(request), e.getClass().getSimpleName());
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
        Problem body = Problem.of(status, title, code, detail).at(request.getUriInfo().getPath(),
                Correlation.of(request));
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
        if (challenge != null) {
            response.header("WWW-Authenticate", challenge);
        }
        return response.build();
    }
}
