package dev.tally.views.backoffice.projection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The back-office table set: its DDL and the three set-based statements a batch runs. Each statement takes whole
 * columns as arrays and {@code unnest}s them, so a batch of any size is one round trip per table.
 */
final class BackofficeSql {

    static final List<String> SERVED_TABLES = List.of("accounts", "currency_totals", "daily_volumes");

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private BackofficeSql() {
    }

    /**
     * @param indexBalance index balances for range searches and sorting; without it a balance change touches no
     *                     index at all (a HOT update in place, about twice the catch-up speed of the account
     *                     statement) and balance searches scan the currency's accounts instead
     */
    static List<String> createTableSet(String schema, boolean indexBalance) {
        String s = checked(schema);
        return List.of(
                // owner_id, currency and opened_at are null only for an account whose AccountOpened was
                // dead-lettered: its money still folds (currency from its first money event), its owner is unknown.
                "CREATE TABLE " + s + ".accounts ("
                        + " account_id text PRIMARY KEY,"
                        + " owner_id text,"
                        + " currency text,"
                        + " status text NOT NULL CHECK (status IN ('OPEN', 'FROZEN', 'CLOSED')),"
                        + " balance bigint NOT NULL,"
                        + " overdraft_limit bigint NOT NULL,"
                        + " opened_at timestamptz,"
                        + " updated_at timestamptz NOT NULL,"
                        + " version bigint NOT NULL)"
                        // Room on each page for the new row version of a HOT update.
                        + (indexBalance ? "" : " WITH (fillfactor = 80)"),
                // Search indexes, chosen so that a balance change (the common update) touches few of them: an
                // update that cannot be HOT inserts into every index whose predicate the new row meets.
                // Owner filter and sort (ties by id).
                "CREATE INDEX accounts_owner_idx ON " + s + ".accounts (owner_id, account_id)",
                // Balance ranges and sorting by balance make sense within one currency (100 EUR is not 100 JPY).
                "CREATE INDEX accounts_currency_idx ON " + s + ".accounts "
                        + (indexBalance ? "(currency, balance, account_id)" : "(currency)"),
                // Only frozen and closed accounts are selective by status; open ones never enter this index.
                "CREATE INDEX accounts_not_open_idx ON " + s + ".accounts (status) WHERE status <> 'OPEN'",
                "CREATE TABLE " + s + ".currency_totals ("
                        + " currency text PRIMARY KEY,"
                        + " accounts bigint NOT NULL,"
                        + " open_accounts bigint NOT NULL,"
                        + " frozen_accounts bigint NOT NULL,"
                        + " total_deposited bigint NOT NULL,"
                        + " total_withdrawn bigint NOT NULL,"
                        + " total_transferred bigint NOT NULL,"
                        + " sum_of_balances bigint NOT NULL)",
                "CREATE TABLE " + s + ".daily_volumes ("
                        + " day date NOT NULL,"
                        + " currency text NOT NULL,"
                        + " deposited bigint NOT NULL,"
                        + " withdrawn bigint NOT NULL,"
                        + " transferred bigint NOT NULL,"
                        + " deposit_count bigint NOT NULL,"
                        + " withdrawal_count bigint NOT NULL,"
                        + " transfer_count bigint NOT NULL,"
                        + " PRIMARY KEY (day, currency))");
    }

    /**
     * Writes the batch's account changes in one statement: adds them to the rows that exist and inserts the others
     * (from their opening, or as orphans without an owner when the opening was dead-lettered). Every part of the
     * statement sees the table as it was before the statement, so {@code before} holds the old status of the
     * accounts whose status the batch sets. Answers what the currency counters need ({@link WrittenAccount}): kind
     * ('opened', 'orphan', 'status' or 'reopened'), account_id, currency, old_status, new_status.
     * Parameters: account_id, opened, owner_id, currency, status, balance, overdraft_limit, opened_at, updated_at,
     * version, each an array with one element per account.
     */
    static String writeAccounts(String schema) {
        String s = checked(schema);
        return "WITH changes AS ("
                + " SELECT * FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[], $6::bigint[],"
                + " $7::bigint[], $8::timestamptz[], $9::timestamptz[], $10::bigint[])"
                + " AS c(account_id, opened, owner_id, currency, status, balance, overdraft_limit, opened_at,"
                + " updated_at, version)),"
                // Materialized: only the few accounts whose status changes, looked up once.
                + " before AS MATERIALIZED ("
                + " SELECT a.account_id, a.status FROM " + s + ".accounts a JOIN changes c USING (account_id)"
                + " WHERE c.status IS NOT NULL),"
                + " updated AS ("
                + " UPDATE " + s + ".accounts a SET balance = a.balance + c.balance,"
                + " currency = COALESCE(a.currency, c.currency), status = COALESCE(c.status, a.status),"
                + " updated_at = c.updated_at, version = c.version"
                + " FROM changes c WHERE a.account_id = c.account_id"
                + " RETURNING a.account_id, a.currency, a.status AS new_status, a.owner_id IS NULL AS orphan,"
                + " c.opened AS reopened),"
                + " inserted AS ("
                + " INSERT INTO " + s + ".accounts (account_id, owner_id, currency, status, balance, overdraft_limit,"
                + " opened_at, updated_at, version)"
                + " SELECT c.account_id, c.owner_id, c.currency, COALESCE(c.status, 'OPEN'), c.balance,"
                + " c.overdraft_limit, c.opened_at, c.updated_at, c.version FROM changes c"
                + " WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.account_id = c.account_id)"
                + " RETURNING account_id, currency, status, owner_id IS NULL AS orphan)"
                + " SELECT CASE WHEN orphan THEN 'orphan' ELSE 'opened' END AS kind, account_id, currency,"
                + " NULL AS old_status, status AS new_status FROM inserted"
                + " UNION ALL"
                + " SELECT 'status', u.account_id, u.currency, b.status, u.new_status"
                + " FROM updated u JOIN before b USING (account_id) WHERE NOT u.orphan AND u.new_status <> b.status"
                + " UNION ALL"
                + " SELECT 'reopened', account_id, currency, NULL, NULL FROM updated WHERE reopened";
    }

    /** Adds each currency's delta to its totals row (creating it). Parameters: one array per column. */
    static String addCurrencyTotals(String schema) {
        String s = checked(schema);
        return "INSERT INTO " + s + ".currency_totals AS t (currency, accounts, open_accounts, frozen_accounts,"
                + " total_deposited, total_withdrawn, total_transferred, sum_of_balances)"
                + " SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],"
                + " $6::bigint[], $7::bigint[], $8::bigint[])"
                + " ON CONFLICT (currency) DO UPDATE SET"
                + " accounts = t.accounts + EXCLUDED.accounts,"
                + " open_accounts = t.open_accounts + EXCLUDED.open_accounts,"
                + " frozen_accounts = t.frozen_accounts + EXCLUDED.frozen_accounts,"
                + " total_deposited = t.total_deposited + EXCLUDED.total_deposited,"
                + " total_withdrawn = t.total_withdrawn + EXCLUDED.total_withdrawn,"
                + " total_transferred = t.total_transferred + EXCLUDED.total_transferred,"
                + " sum_of_balances = t.sum_of_balances + EXCLUDED.sum_of_balances";
    }

    /** Adds each (day, currency) delta to its volumes row (creating it). Parameters: one array per column. */
    static String addDailyVolumes(String schema) {
        String s = checked(schema);
        return "INSERT INTO " + s + ".daily_volumes AS v (day, currency, deposited, withdrawn, transferred,"
                + " deposit_count, withdrawal_count, transfer_count)"
                + " SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[],"
                + " $6::bigint[], $7::bigint[], $8::bigint[])"
                + " ON CONFLICT (day, currency) DO UPDATE SET"
                + " deposited = v.deposited + EXCLUDED.deposited,"
                + " withdrawn = v.withdrawn + EXCLUDED.withdrawn,"
                + " transferred = v.transferred + EXCLUDED.transferred,"
                + " deposit_count = v.deposit_count + EXCLUDED.deposit_count,"
                + " withdrawal_count = v.withdrawal_count + EXCLUDED.withdrawal_count,"
                + " transfer_count = v.transfer_count + EXCLUDED.transfer_count";
    }

    // The runtime names generation schemas; they go into SQL text, so refuse anything but a plain identifier.
    private static String checked(String schema) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        return schema;
    }
}
