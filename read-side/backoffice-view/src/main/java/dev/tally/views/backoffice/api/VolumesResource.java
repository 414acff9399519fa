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
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Money moved per UTC day and currency. */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.BACKOFFICE, Roles.ADMIN})
public class VolumesResource {

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    BackofficeQueries queries;

    @GET
    @Path("/daily")
    @Operation(summary = "Daily volumes", description = "One entry per UTC day and currency with money moved, "
            + "sorted by day then currency; from and to are inclusive and optional.")
    public Uni<List<DailyVolumeJson>> daily(
            @Parameter(description = "ISO-4217, e.g. EUR") @QueryParam("currency") String currency,
            @Parameter(description = "YYYY-MM-DD, inclusive",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("from") String from,
            @Parameter(description = "YYYY-MM-DD, inclusive",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("to") String to,
            @Parameter(description = QueryParameters.MIN_POSITION,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition) {
        String code = QueryParameters.currency(currency);
        LocalDate fromDay = QueryParameters.optionalDate("from", from);
        LocalDate toDay = QueryParameters.optionalDate("to", to);
        QueryParameters.dateRange(fromDay, toDay);
        return readYourWrites.await(Parameters.minPosition(minPosition))
                .chain(() -> queries.dailyVolumes(code, fromDay, toDay))
                .map(rows -> rows.stream().map(DailyVolumeJson::of).toList());
    }
}
