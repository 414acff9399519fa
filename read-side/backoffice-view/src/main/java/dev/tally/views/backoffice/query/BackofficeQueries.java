package dev.tally.views.backoffice.query;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The view's reads, each in its own reactive session, but for one account by id: that read answers every
 * read-your-writes query, and goes through the SQL client without a session (a profile under load had Hibernate
 * Reactive's session and entity loading in a quarter of a view's event-loop samples for this single-row read:
 * bench/results/live-2026-12-06-profile.md, third round). They read the served SQL views only, so a rebuild's switch
 * of generation is invisible here.
 */
@ApplicationScoped
public class BackofficeQueries {

    private static final String ACCOUNT_BY_ID = """
            SELECT account_id, owner_id, currency, status, balance, overdraft_limit, opened_at, updated_at, version
            FROM backoffice_view.accounts WHERE account_id = $1""";

    private final Pool pool;

    BackofficeQueries(Pool pool) {
        this.pool = pool;
    }

    /** A page of accounts plus the number of all matching accounts. */
    public record AccountPage(long total, List<AccountRow> rows) {
    }

    public Uni<AccountPage> search(AccountSearch search) {
        // One session runs one statement at a time: count first, then the page.
        return Panache.withSession(() -> {
            String where = search.where();
            PanacheQuery<AccountRow> query = where.isEmpty()
                    ? AccountRow.findAll(search.panacheSort())
                    : AccountRow.find(where, search.panacheSort(), search.parameters());
            return query.count().chain(total -> query.page(search.page(), search.size()).list()
                    .map(rows -> new AccountPage(total, rows)));
        });
    }

    /** The account, or null when the view has no such account. */
    public Uni<AccountRow> account(String accountId) {
        return pool.preparedQuery(ACCOUNT_BY_ID).execute(Tuple.of(accountId)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            return it.hasNext() ? AccountRow.of(it.next()) : null;
        });
    }

    public Uni<List<CurrencyTotalsRow>> totals() {
        return Panache.withSession(() -> CurrencyTotalsRow.<CurrencyTotalsRow>listAll(Sort.by("currency")));
    }

    /** Volumes per day and currency, optionally one currency and an inclusive day range (nulls = unbounded). */
    public Uni<List<DailyVolumeRow>> dailyVolumes(String currency, LocalDate from, LocalDate to) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (currency != null) {
            conditions.add("currency = :currency");
            parameters.and("currency", currency);
        }
        if (from != null) {
            conditions.add("day >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            conditions.add("day <= :to");
            parameters.and("to", to);
        }
        Sort sort = Sort.by("day").and("currency");
        return Panache.withSession(() -> conditions.isEmpty()
                ? DailyVolumeRow.<DailyVolumeRow>listAll(sort)
                : DailyVolumeRow.<DailyVolumeRow>list(String.join(" and ", conditions), sort, parameters));
    }
}
