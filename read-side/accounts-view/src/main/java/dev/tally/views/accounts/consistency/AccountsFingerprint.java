package dev.tally.views.accounts.consistency;

import static dev.tally.fingerprint.FingerprintField.BALANCE;
import static dev.tally.fingerprint.FingerprintField.CURRENCY;
import static dev.tally.fingerprint.FingerprintField.STATEMENT_LINES;
import static dev.tally.fingerprint.FingerprintField.STATEMENT_SUM;
import static dev.tally.fingerprint.FingerprintField.STATUS;
import static dev.tally.fingerprint.FingerprintField.VERSION;

import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.fingerprint.FingerprintField;
import dev.tally.projection.fingerprint.FingerprintSource;
import dev.tally.projection.web.KeyRange;
import dev.tally.views.accounts.api.AccountEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this view believes every account is, for the runtime's {@code GET /consistency/accounts}: the account row of
 * the active generation and, besides it, the statement's line count and the sum of its signed amounts, so an event
 * applied twice (or lost) in the statement shows even when the balance is right.
 */
@ApplicationScoped
public class AccountsFingerprint implements FingerprintSource<AccountFingerprint> {

    /** The fields every row of this view reports. */
    public static final Set<FingerprintField> FIELDS = Set.of(CURRENCY, BALANCE, VERSION, STATUS, STATEMENT_LINES,
            STATEMENT_SUM);

    @Override
    public String view() {
        return "accounts-view";
    }

    @Override
    public Uni<List<AccountFingerprint>> rows(KeyRange range, long frontier) {
        return Panache.withSession(() -> accounts(range).chain(rows -> statements(rows)
                .map(lines -> rows.stream().map(a -> {
                    long[] line = lines.getOrDefault(a.accountId, new long[2]);
                    return AccountFingerprint.of(a.accountId, a.currency, a.balance, a.version).withStatus(a.status)
                            .withStatement(line[0], line[1]);
                }).toList())));
    }

    private static Uni<List<AccountEntity>> accounts(KeyRange range) {
        Parameters parameters = Parameters.with("after", range.after());
        String where = "accountId > :after";
        if (range.until() != null) {
            where += " and accountId <= :until";
            parameters.and("until", range.until());
        }
        return AccountEntity.<AccountEntity>find(where, Sort.by("accountId"), parameters)
                .page(Page.ofSize(range.limit())).list();
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
