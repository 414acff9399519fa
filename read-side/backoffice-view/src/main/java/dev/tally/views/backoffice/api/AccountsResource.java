package dev.tally.views.backoffice.api;

import dev.tally.platform.params.Parameters;
import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.problem.ProblemException;
import dev.tally.views.backoffice.query.AccountSearch;
import dev.tally.views.backoffice.query.BackofficeQueries;
import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Every account, searchable by owner, status, currency and balance range; paged and sorted. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.BACKOFFICE, Roles.ADMIN})
public class AccountsResource {

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    BackofficeQueries queries;

    @GET
    @Operation(summary = "Search accounts", description = "Filters combine with AND; ties in the sort are broken by "
            + "account id. Money in minor units. minPosition waits (bounded) until the view has applied that position.")
    public Uni<AccountPageJson> search(
            @QueryParam("owner") String owner,
            @Parameter(description = "OPEN, FROZEN or CLOSED") @QueryParam("status") String status,
            @Parameter(description = "ISO-4217, e.g. EUR") @QueryParam("currency") String currency,
            @Parameter(description = "inclusive, minor units", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("minBalance") String minBalance,
            @Parameter(description = "inclusive, minor units", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("maxBalance") String maxBalance,
            @Parameter(description = "balance, owner, openedAt (default) or updatedAt") @QueryParam("sort") String sort,
            @Parameter(description = "asc (default) or desc") @QueryParam("order") String order,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("size") String size,
            @Parameter(description = QueryParameters.MIN_POSITION,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition) {
        AccountSearch search = QueryParameters.accountSearch(owner, status, currency, minBalance, maxBalance, sort,
                order, page, size);
        return readYourWrites.await(Parameters.minPosition(minPosition))
                .chain(() -> queries.search(search))
                .map(result -> new AccountPageJson(search.page(), search.size(), result.total(),
                        result.rows().stream().map(AccountJson::of).toList()));
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "One account")
    public Uni<AccountJson> account(
            @PathParam("accountId") String accountId,
            @Parameter(description = QueryParameters.MIN_POSITION,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition) {
        String id = Parameters.accountId(accountId);
        return readYourWrites.await(Parameters.minPosition(minPosition))
                .chain(() -> queries.account(id))
                .map(row -> {
                    if (row == null) {
                        throw new ProblemException(404, "ACCOUNT_NOT_FOUND", "the back-office view has no account "
                                + id + (minPosition == null ? "" : " as of position " + minPosition));
                    }
                    return AccountJson.of(row);
                });
    }
}
