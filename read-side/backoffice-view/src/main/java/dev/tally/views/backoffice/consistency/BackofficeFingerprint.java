package dev.tally.views.backoffice.consistency;

import static dev.tally.fingerprint.FingerprintField.BALANCE;
import static dev.tally.fingerprint.FingerprintField.CURRENCY;
import static dev.tally.fingerprint.FingerprintField.STATUS;
import static dev.tally.fingerprint.FingerprintField.VERSION;

import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.fingerprint.FingerprintField;
import dev.tally.projection.fingerprint.FingerprintSource;
import dev.tally.projection.web.KeyRange;
import dev.tally.views.backoffice.query.AccountRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * What this view believes every account is, for the runtime's {@code GET /consistency/accounts}: the account rows of
 * the active generation. The per-currency counters are checked by the auditor through {@code GET /totals}.
 */
@ApplicationScoped
public class BackofficeFingerprint implements FingerprintSource<AccountFingerprint> {

    /** The fields every row of this view reports. */
    public static final Set<FingerprintField> FIELDS = Set.of(CURRENCY, BALANCE, VERSION, STATUS);

    @Override
    public String view() {
        return "backoffice-view";
    }

    @Override
    public Uni<List<AccountFingerprint>> rows(KeyRange range, long frontier) {
        Parameters parameters = Parameters.with("after", range.after());
        String where = "accountId > :after";
        if (range.until() != null) {
            where += " and accountId <= :until";
            parameters.and("until", range.until());
        }
        String query = where;
        return Panache.withSession(() -> AccountRow.<AccountRow>find(query, Sort.by("accountId"), parameters)
                        .page(Page.ofSize(range.limit())).list())
                .map(rows -> rows.stream()
                        .map(a -> AccountFingerprint.of(a.accountId, a.currency, a.balance, a.version)
                                .withStatus(a.status))
                        .toList());
    }
}
