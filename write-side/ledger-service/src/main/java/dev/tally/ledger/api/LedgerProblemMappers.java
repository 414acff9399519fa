package dev.tally.ledger.api;

import dev.tally.platform.web.Correlation;
import dev.tally.platform.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problems specific to commands: stale If-Match (412), reused Idempotency-Key (422), endless contention (409). */
public class LedgerProblemMappers {

    @ServerExceptionMapper
    public Response stale(PreconditionFailed e, ContainerRequestContext request) {
        return Response.fromResponse(problem(Problem.of(Response.Status.PRECONDITION_FAILED, "VERSION_MISMATCH",
                        e.getMessage() + "; reload the account and decide again"), request))
                .header("ETag", "\"" + e.actual() + "\"").build();
    }

    @ServerExceptionMapper
    public Response reused(IdempotencyKeyReused e, ContainerRequestContext request) {
        return problem(Problem.of(422, "Unprocessable Content", "IDEMPOTENCY_KEY_REUSED", e.getMessage()
                + "; use a new key for a new command"), request);
    }

    @ServerExceptionMapper
    public Response contention(TooMuchContention e, ContainerRequestContext request) {
        return Response.fromResponse(problem(Problem.of(Response.Status.CONFLICT, "CONCURRENT_MODIFICATION",
                        e.getMessage()), request))
                .header("Retry-After", "1").build();
    }

    private static Response problem(Problem problem, ContainerRequestContext request) {
        return problem.at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }
}
