package dev.tally.views.audit.web;

import dev.tally.platform.params.Parameters;
import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.problem.ProblemException;
import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** An account's balance as of a past instant, from the journal. */
@Path("/accounts/{id}/balance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class BalanceResource {

    private final AuditReads reads;
    private final ReadYourWrites readYourWrites;

    BalanceResource(AuditReads reads, ReadYourWrites readYourWrites) {
        this.reads = reads;
        this.readYourWrites = readYourWrites;
    }

    /**
     * @param asOf ISO-8601 instant with an offset; default now. 404 when the account had no event at or before it.
     */
    @GET
    public Uni<BalanceAsOf> balance(@PathParam("id") String id, @QueryParam("asOf") String asOf,
            @QueryParam("minPosition") String minPosition) {
        String accountId = Parameters.accountId(id);
        Instant at = QueryParams.instant("asOf", asOf, Instant.now());
        Long awaited = Parameters.minPosition(minPosition);
        return readYourWrites.await(awaited)
                .chain(() -> reads.balanceAsOf(accountId, at, readYourWrites.frontier()))
                .map(found -> found.orElseThrow(() -> new ProblemException(404, "account-not-found",
                        "account " + accountId + " did not exist at " + at + " (no event recorded at or before it)")));
    }
}
