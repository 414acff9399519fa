package dev.tally.views.accounts.consistency;

import dev.tally.projection.ReadYourWrites;
import dev.tally.projection.web.KeyRange;
import dev.tally.platform.security.Roles;
import dev.tally.views.accounts.api.AccountEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What this view believes every account is, for the write service's consistency auditor: a page of accounts in
 * account id order, read from the active generation once the view has applied {@code minPosition} (503
 * view-not-caught-up otherwise). Besides the account row it reports the statement's line count and the sum of its
 * signed amounts, so an event applied twice (or lost) in the statement shows even when the balance is right.
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
    public record Account(String accountId, String currency, long balance, long version, String status,
                          long statementLines, long statementSum) {
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
        Uni<Void> wait = readYourWrites.await(min);
        Context context = Vertx.currentContext();
        if (context != null) {
            wait = wait.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return wait.chain(() -> {
            long frontier = readYourWrites.frontier();
            return Panache.withSession(() -> accounts(from, to, size).chain(rows -> statements(rows)
                    .map(lines -> new FingerprintPage("accounts-view", frontier, rows.stream().map(a -> {
                        long[] line = lines.getOrDefault(a.accountId, new long[2]);
                        return new Account(a.accountId, a.currency, a.balance, a.version, a.status, line[0], line[1]);
                    }).toList()))));
        });
    }

    private static Uni<List<AccountEntity>> accounts(String after, String until, int size) {
        Parameters parameters = Parameters.with("after", after);
        String where = "accountId > :after";
        if (until != null) {
            where += " and accountId <= :until";
            parameters.and("until", until);
        }
        return AccountEntity.<AccountEntity>find(where, Sort.by("accountId"), parameters)
                .page(Page.ofSize(size)).list();
    }

    /** Per account of the page: number of statement lines and the sum of their signed amounts. */
    private static Uni<Map<String, long[]>> statements(List<AccountEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> ids = rows.stream().map(a -> a.accountId).toList();
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select e.accountId, count(e), coalesce(sum(e.amount), 0) from StatementEntryEntity e"
                                + " where e.accountId in :ids group by e.accountId", Object[].class)
                .setParameter("ids", ids)
                .getResultList())
                .map(result -> {
                    Map<String, long[]> lines = new HashMap<>();
                    for (Object[] row : result) {
                        lines.put((String) row[0], new long[] {((Number) row[1]).longValue(),
                                ((Number) row[2]).longValue()});
                    }
                    return lines;
                });
    }
}
