package dev.tally.views.backoffice.consistency;

import dev.tally.projection.ReadYourWrites;
import dev.tally.projection.web.KeyRange;
import dev.tally.platform.security.Roles;
import dev.tally.views.backoffice.query.AccountRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What this view believes every account is, for the write service's consistency auditor: a page of accounts in
 * account id order, read from the active generation once the view has applied {@code minPosition} (503
 * view-not-caught-up otherwise). The per-currency counters are checked by the auditor through {@code GET /totals}.
 */
@Path("/consistency/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class FingerprintResource {

    private final ReadYourWrites readYourWrites;

    FingerprintResource(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    @RegisterForReflection
    public record Account(String accountId, String currency, long balance, long version, String status) {
    }

    @RegisterForReflection
    public record FingerprintPage(String view, long frontier, List<Account> accounts) {
    }

    @GET
    @Operation(summary = "Consistency fingerprint: accounts with id > after (and <= until), ordered by id",
            description = "For the write service's consistency auditor (admin only). limit 1..1000, default 500.")
    public Uni<FingerprintPage> page(@QueryParam("after") String after, @QueryParam("until") String until,
            @QueryParam("limit") String limit, @QueryParam("minPosition") String minPosition) {
        KeyRange range = KeyRange.parse(after, until, limit, minPosition);
        String from = range.after();
        String to = range.until();
        int size = range.limit();
        Long min = range.minPosition();
        return readYourWrites.await(min).chain(() -> {
            long frontier = readYourWrites.frontier();
            Parameters parameters = Parameters.with("after", from);
            String where = "accountId > :after";
            if (to != null) {
                where += " and accountId <= :until";
                parameters.and("until", to);
            }
            String query = where;
            return Panache.withSession(() -> AccountRow.<AccountRow>find(query, Sort.by("accountId"), parameters)
                            .page(Page.ofSize(size)).list())
                    .map(rows -> new FingerprintPage("backoffice-view", frontier, rows.stream()
                            .map(a -> new Account(a.accountId, a.currency, a.balance, a.version, a.status))
                            .toList()));
        });
    }
}
