package dev.tally.views.accounts.projection;

import java.util.List;

/** The accounts view's table set, created by the runtime in each generation schema. */
final class AccountsTables {

    static final String ACCOUNTS = "accounts";
    static final String STATEMENT_ENTRIES = "statement_entries";

    private AccountsTables() {
    }

    static List<String> create(String schema) {
        return List.of(
                "CREATE TABLE " + schema + ".accounts ("
                        + " account_id text PRIMARY KEY,"
                        // Null only for an account whose opening was dead-lettered (see AccountState.unknownOpening).
                        + " owner_id text,"
                        + " currency text,"
                        + " balance bigint NOT NULL,"
                        + " overdraft_limit bigint NOT NULL,"
                        + " status text NOT NULL,"
                        + " version bigint NOT NULL,"
                        + " opened_at timestamptz NOT NULL,"
                        + " updated_at timestamptz NOT NULL,"
                        + " last_position bigint NOT NULL)",
                "CREATE INDEX accounts_owner_id ON " + schema + ".accounts (owner_id)",
                // The primary key also serves the statement page: newest first is a backward index scan.
                "CREATE TABLE " + schema + ".statement_entries ("
                        + " account_id text NOT NULL,"
                        + " version bigint NOT NULL,"
                        + " position bigint NOT NULL,"
                        + " time timestamptz NOT NULL,"
                        + " kind text NOT NULL,"
                        + " amount bigint NOT NULL,"
                        + " balance_after bigint NOT NULL,"
                        + " reference text NOT NULL,"
                        + " counterparty_account_id text,"
                        + " transfer_id text,"
                        + " PRIMARY KEY (account_id, version))");
    }
}
