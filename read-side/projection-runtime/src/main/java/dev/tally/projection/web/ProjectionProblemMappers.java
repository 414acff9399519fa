package dev.tally.projection.web;

import dev.tally.platform.problem.Problem;
import dev.tally.platform.web.Correlation;
import dev.tally.projection.ViewNotCaughtUpException;
import dev.tally.projection.runtime.RebuildConflictException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The runtime's own failures as RFC 9457 problems: a read-your-writes wait that timed out (503 with Retry-After) and
 * a rebuild requested while one runs (409). Only these two types, which only the runtime throws; every other failure
 * is answered by the host's mappers (in Tally, tally-platform's {@code ProblemMappers}).
 */
public class ProjectionProblemMappers {

    @ServerExceptionMapper
    public Response notCaughtUp(ViewNotCaughtUpException e, ContainerRequestContext request) {
        return Response.fromResponse(Problem.of(503, "view-not-caught-up", e.getMessage())
                        .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse())
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response rebuildRunning(RebuildConflictException e, ContainerRequestContext request) {
        return Problem.of(409, "rebuild-running", "Generation " + e.building()
                        + " is being rebuilt; follow its progress in GET /projection")
                .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }
}
