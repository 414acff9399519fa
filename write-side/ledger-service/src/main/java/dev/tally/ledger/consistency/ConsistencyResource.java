package dev.tally.ledger.consistency;

import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The consistency auditor over HTTP (admin only): {@code GET /consistency} runs one full check and answers 200 with
 * the report, consistent or not ({@code consistent} says which). The caller's token is forwarded to the views, so it
 * must be an admin token they accept too. {@code ./tally-consistency} is the command-line wrapper.
 */
@Path("/consistency")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ConsistencyResource {

    private final ConsistencyAuditor auditor;

    ConsistencyResource(ConsistencyAuditor auditor) {
        this.auditor = auditor;
    }

    @GET
    @Operation(summary = "Compare every view with the fold of the event store; list every difference",
            description = "Takes the store's head position P, folds every account from the event store, compares it"
                    + " with each view's fingerprint once the view has reached P, and checks money conservation"
                    + " against the back office's totals. 200 with consistent=false when anything differs or a view"
                    + " could not be checked (its error is in the report).")
    public Uni<ConsistencyReport> check(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return auditor.audit(authorization);
    }
}
