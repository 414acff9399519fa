package dev.tally.views.accounts.api;

import dev.tally.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One account by id, read with the SQL client: the query every read-your-writes answer and live stream starts
 * with. A profile under load (bench/results/live-2026-12-06-profile.md, third round) had Hibernate Reactive's
 * session and entity loading in a quarter of the view's event-loop samples for this single-row read; a prepared
 * statement and a record built from the row do the same work without them.
 */
@ApplicationScoped
public class AccountReads {

    private static final String BY_ID = """
            SELECT account_id, owner_id, currency, balance, overdraft_limit, status, version, updated_at
            FROM accounts_view.accounts WHERE account_id = $1""";

    private final Pool pool;

    AccountReads(Pool pool) {
        this.pool = pool;
    }

    /**
     * The account, if the caller may see it: {@code owner} is the only owner whose accounts a customer sees (null:
     * any). Another owner's account fails exactly like a missing one (404), so its existence does not leak.
     */
    public Uni<AccountView> visible(String id, String owner) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            AccountView account = it.hasNext() ? of(it.next()) : null;
            if (account == null || owner != null && !owner.equals(account.ownerId())) {
                throw new ProblemException(404, "account-not-found", "the accounts view knows no account " + id);
            }
            return account;
        });
    }

    private static AccountView of(Row row) {
        return new AccountView(row.getString("account_id"), row.getString("owner_id"), row.getString("currency"),
                row.getLong("balance"), row.getLong("overdraft_limit"), row.getString("status"),
                row.getLong("version"), row.getOffsetDateTime("updated_at").toInstant());
    }
}
