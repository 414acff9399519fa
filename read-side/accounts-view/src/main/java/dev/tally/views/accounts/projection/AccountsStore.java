package dev.tally.views.accounts.projection;

import dev.tally.views.accounts.fold.AccountState;
import dev.tally.views.accounts.fold.AccountStatus;
import dev.tally.views.accounts.fold.StatementEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Set-based reads and writes of one table set: one query loads every account of a batch, one statement per table
 * writes the batch's outcome (arrays unnested server-side), whatever the batch size.
 */
final class AccountsStore {

    private static final String COLUMNS = "account_id, owner_id, currency, balance, overdraft_limit, status, version,"
            + " opened_at, updated_at, last_position";

    private AccountsStore() {
    }

    static Uni<Map<String, AccountState>> load(SqlConnection tx, String schema, Collection<String> accountIds) {
        // A semi-join, not "= ANY($1)": a generic plan made while the table was small scanned it and tested each row
        // against the whole array (bench/results/read-2026-12-07-catch-up-profile.md, "The batch read").
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM " + schema
                        + ".accounts WHERE account_id IN (SELECT unnest($1::text[]))")
                .execute(Tuple.of(accountIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, AccountState> states = new HashMap<>();
                    for (Row row : rows) {
                        AccountState state = toState(row);
                        states.put(state.accountId(), state);
                    }
                    return states;
                });
    }

    /** Inserts new accounts and overwrites changed ones: the fold already computed every column. */
    static Uni<Void> upsertAccounts(SqlConnection tx, String schema, List<AccountState> accounts) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = accounts.size();
        String[] ids = new String[n];
        String[] owners = new String[n];
        String[] currencies = new String[n];
        Long[] balances = new Long[n];
        Long[] limits = new Long[n];
        String[] statuses = new String[n];
        Long[] versions = new Long[n];
        OffsetDateTime[] opened = new OffsetDateTime[n];
        OffsetDateTime[] updated = new OffsetDateTime[n];
        Long[] positions = new Long[n];
        for (int i = 0; i < n; i++) {
            AccountState a = accounts.get(i);
            ids[i] = a.accountId();
            owners[i] = a.ownerId();
            currencies[i] = a.currency();
            balances[i] = a.balance();
            limits[i] = a.overdraftLimit();
            statuses[i] = a.status().name();
            versions[i] = a.version();
            opened[i] = utc(a.openedAt());
            updated[i] = utc(a.updatedAt());
            positions[i] = a.lastPosition();
        }
        String sql = "INSERT INTO " + schema + ".accounts (" + COLUMNS + ")"
                + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[],"
                + " $7::bigint[], $8::timestamptz[], $9::timestamptz[], $10::bigint[])"
                + " ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, status = excluded.status,"
                + " version = excluded.version, updated_at = excluded.updated_at,"
                + " last_position = excluded.last_position"
                // Belt and braces: never move an account backwards, whatever a caller hands in.
                + " WHERE " + schema + ".accounts.version < excluded.version";
        return tx.preparedQuery(sql)
                .execute(Tuple.from(new Object[] {ids, owners, currencies, balances, limits, statuses, versions,
                        opened, updated, positions}))
                .replaceWithVoid();
    }

    /** Appends statement lines; a line already there (same account and version) is left as it is. */
    static Uni<Void> insertEntries(SqlConnection tx, String schema, List<StatementEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = entries.size();
        String[] accountIds = new String[n];
        Long[] versions = new Long[n];
        Long[] positions = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] kinds = new String[n];
        Long[] amounts = new Long[n];
        Long[] balancesAfter = new Long[n];
        String[] references = new String[n];
        String[] counterparties = new String[n];
        String[] transfers = new String[n];
        for (int i = 0; i < n; i++) {
            StatementEntry e = entries.get(i);
            accountIds[i] = e.accountId();
            versions[i] = e.version();
            positions[i] = e.position();
            times[i] = utc(e.time());
            kinds[i] = e.kind().name();
            amounts[i] = e.amount();
            balancesAfter[i] = e.balanceAfter();
            references[i] = e.reference();
            counterparties[i] = e.counterpartyAccountId();
            transfers[i] = e.transferId();
        }
        String sql = "INSERT INTO " + schema + ".statement_entries (account_id, version, position, time, kind, amount,"
                + " balance_after, reference, counterparty_account_id, transfer_id)"
                + " SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::timestamptz[], $5::text[],"
                + " $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::text[])"
                + " ON CONFLICT (account_id, version) DO NOTHING";
        return tx.preparedQuery(sql)
                .execute(Tuple.from(new Object[] {accountIds, versions, positions, times, kinds, amounts,
                        balancesAfter, references, counterparties, transfers}))
                .replaceWithVoid();
    }

    private static AccountState toState(Row row) {
        return new AccountState(
                row.getString("account_id"),
                row.getString("owner_id"),
                row.getString("currency"),
                row.getLong("balance"),
                row.getLong("overdraft_limit"),
                AccountStatus.valueOf(row.getString("status")),
                row.getLong("version"),
                row.getOffsetDateTime("opened_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(),
                row.getLong("last_position"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
