package dev.tally.views.accounts.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The accounts an owner holds. */
@Path("/owners")
@Produces(MediaType.APPLICATION_JSON)
public class OwnersResource {

    private final Freshness freshness;

    OwnersResource(Freshness freshness) {
        this.freshness = freshness;
    }

    @GET
    @Path("/{ownerId}/accounts")
    @WithSession
    @Operation(summary = "An owner's accounts, oldest first", description = "an empty list for an owner with none")
    public Uni<List<AccountView>> accounts(@PathParam("ownerId") String ownerId,
            @Parameter(description = "Answer only once the view has applied the ledger up to this global position",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition) {
        String owner = Params.ownerId(ownerId);
        Long min = Params.minPosition(minPosition);
        return freshness.await(min)
                .chain(() -> AccountEntity.<AccountEntity>list("ownerId", Sort.by("openedAt").and("accountId"), owner))
                .map(accounts -> accounts.stream().map(AccountView::of).toList());
    }
}
