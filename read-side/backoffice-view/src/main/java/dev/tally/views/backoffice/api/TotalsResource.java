package dev.tally.views.backoffice.api;

import dev.tally.platform.params.Parameters;
import dev.tally.projection.ReadYourWrites;
import dev.tally.views.backoffice.query.BackofficeQueries;
import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Totals per currency. */
@Path("/totals")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.BACKOFFICE, Roles.ADMIN})
public class TotalsResource {

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    BackofficeQueries queries;

    @GET
    @Operation(summary = "Totals per currency", description = "Sorted by currency; money in minor units. Once caught "
            + "up, sumOfBalances equals totalDeposited - totalWithdrawn for every currency.")
    public Uni<List<CurrencyTotalsJson>> totals(
            @Parameter(description = QueryParameters.MIN_POSITION,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition) {
        return readYourWrites.await(Parameters.minPosition(minPosition))
                .chain(queries::totals)
                .map(rows -> rows.stream().map(CurrencyTotalsJson::of).toList());
    }
}
