package dev.tally.views.accounts.api;

import dev.tally.platform.params.Parameters;
import dev.tally.platform.problem.ProblemException;
import dev.tally.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The accounts an owner holds. A customer may ask only for their own owner id: any other answers 404 (whether or not
 * that owner exists), rather than an empty list that would read as "no accounts".
 */
@Path("/owners")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
public class OwnersResource {

    private final Freshness freshness;

    OwnersResource(Freshness freshness) {
        this.freshness = freshness;
    }

    @GET
    @Path("/{ownerId}/accounts")
    @Operation(summary = "An owner's accounts, oldest first", description = "an empty list for an owner with none")
    public Uni<List<AccountView>> accounts(@PathParam("ownerId") String ownerId,
            @Parameter(description = "Answer only once the view has applied the ledger up to this global position",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition, @Context SecurityContext security) {
        String owner = Parameters.ownerId(ownerId);
        Long min = Parameters.minPosition(minPosition);
        String scope = AccountsResource.ownerScope(security);
        if (scope != null && !scope.equals(owner)) {
            throw new ProblemException(404, "owner-not-found", "no accounts of owner " + owner + " are visible to you");
        }
        // The session (a pooled connection) opens only after the wait, see AccountsResource.
        return freshness.await(min)
                .chain(() -> Panache.withSession(() ->
                        AccountEntity.<AccountEntity>list("ownerId", Sort.by("openedAt").and("accountId"), owner)))
                .map(accounts -> accounts.stream().map(AccountView::of).toList());
    }
}
