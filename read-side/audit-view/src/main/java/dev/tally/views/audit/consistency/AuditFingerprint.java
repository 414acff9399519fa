package dev.tally.views.audit.consistency;

import static dev.tally.fingerprint.FingerprintField.BALANCE;
import static dev.tally.fingerprint.FingerprintField.CURRENCY;
import static dev.tally.fingerprint.FingerprintField.JOURNAL_ENTRIES;
import static dev.tally.fingerprint.FingerprintField.JOURNAL_SUM;
import static dev.tally.fingerprint.FingerprintField.VERSION;

import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.fingerprint.FingerprintField;
import dev.tally.projection.fingerprint.FingerprintSource;
import dev.tally.projection.web.KeyRange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the audit view believes every account is, for the runtime's {@code GET /consistency/accounts}: per account
 * (in id order) the journal's last balance, currency, highest stream version, number of journal entries and sum of
 * their signed amounts, cut at the view's frontier. A healthy journal has exactly {@code version} entries per account
 * whose amounts add up to the balance; anything else is an event lost or applied twice.
 */
@ApplicationScoped
public class AuditFingerprint implements FingerprintSource<AccountFingerprint> {

    /** The fields every row of this view reports. */
    public static final Set<FingerprintField> FIELDS = Set.of(CURRENCY, BALANCE, VERSION, JOURNAL_ENTRIES,
            JOURNAL_SUM);

    private final Pool pool;
    private final String pageQuery;

    AuditFingerprint(Pool pool, @ConfigProperty(name = "tally.projection.view") String view) {
        this.pool = pool;
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

    @Override
    public String view() {
        return "audit-view";
    }

    @Override
    public Uni<List<AccountFingerprint>> rows(KeyRange range, long frontier) {
        Tuple parameters = Tuple.of(range.after(), range.until(), frontier, (long) range.limit());
        return pool.preparedQuery(pageQuery).execute(parameters).map(rows -> {
            List<AccountFingerprint> accounts = new ArrayList<>(rows.size());
            for (Row row : rows) {
                accounts.add(AccountFingerprint.of(row.getString("stream_id"), row.getString("currency"),
                                row.getLong("balance"), row.getLong("version"))
                        .withJournal(row.getLong("entries"), row.getLong("amount_sum")));
            }
            return accounts;
        });
    }
}
