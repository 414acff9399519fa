package dev.tally.views.audit.consistency;

import dev.tally.projection.ReadYourWrites;
import dev.tally.projection.web.KeyRange;
import dev.tally.platform.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What the audit view believes every account is, for the write service's consistency auditor: per account (in id
 * order) the journal's last balance, currency, highest stream version, number of journal entries and sum of their
 * signed amounts, cut at the view's frontier once it has applied {@code minPosition} (503 view-not-caught-up
 * otherwise). A healthy journal has exactly {@code version} entries per account whose amounts add up to the balance;
 * anything else is an event lost or applied twice.
 */
@Path("/consistency/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class FingerprintResource {

    private final Pool pool;
    private final ReadYourWrites readYourWrites;
    private final String pageQuery;

    FingerprintResource(Pool pool, ReadYourWrites readYourWrites,
            @ConfigProperty(name = "tally.projection.view") String view) {
        this.pool = pool;
        this.readYourWrites = readYourWrites;
        // The page's ids first (a walk of the (stream_id, time, position) index that stops after $4 accounts), then
        // only their entries are aggregated: a page never costs a scan of the whole journal.
        this.pageQuery = """
                WITH ids AS (
                    SELECT DISTINCT stream_id FROM %1$s.journal
                    WHERE stream_id > $1 AND ($2::text IS NULL OR stream_id <= $2) AND position <= $3
                    ORDER BY stream_id LIMIT $4)
                SELECT j.stream_id,
                       count(*) AS entries,
                       max(j.stream_version) AS version,
                       (array_agg(j.balance_after ORDER BY j.stream_version DESC, j.position DESC))[1] AS balance,
                       (array_agg(j.currency ORDER BY j.stream_version) FILTER (WHERE j.currency IS NOT NULL))[1]
                           AS currency,
                       coalesce(sum(j.amount), 0)::bigint AS amount_sum
                FROM %1$s.journal j JOIN ids USING (stream_id)
                WHERE j.position <= $3
                GROUP BY j.stream_id ORDER BY j.stream_id""".formatted(view);
    }

    @RegisterForReflection
    public record Account(String accountId, String currency, long balance, long version, long journalEntries,
                          long journalSum) {
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
            return pool.preparedQuery(pageQuery).execute(Tuple.of(from, to, frontier, (long) size)).map(rows -> {
                List<Account> accounts = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    accounts.add(new Account(row.getString("stream_id"), row.getString("currency"),
                            row.getLong("balance"), row.getLong("version"), row.getLong("entries"),
                            row.getLong("amount_sum")));
                }
                return new FingerprintPage("audit-view", frontier, accounts);
            });
        });
    }
}
