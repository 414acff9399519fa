package dev.tally.views.audit;

import java.util.List;

/**
 * The audit view's table set, created by the runtime in each generation schema ({@code audit_view_g<N>}) and served
 * as {@code audit_view.journal} and {@code audit_view.flags}.
 *
 * <ul>
 *   <li>{@code journal}: every event, by global position, with its signed balance effect and the account's balance
 *       after it; the index on (stream, time) answers "balance as of T" with one index probe.</li>
 *   <li>{@code flags}: what compliance should look at; the id is derived from position and kind.</li>
 *   <li>{@code account_state}: not served; what the fold needs to continue an account in the next batch (its last
 *       balance, currency, version and last debit times for the burst rule).</li>
 * </ul>
 */
final class AuditTables {

    static final String JOURNAL = "journal";
    static final String FLAGS = "flags";
    static final String ACCOUNT_STATE = "account_state";

    private AuditTables() {
    }

    static List<String> create(String schema) {
        return List.of(
                """
                CREATE TABLE %1$s.journal (
                    position        bigint      PRIMARY KEY,
                    event_id        uuid        NOT NULL,
                    type            text        NOT NULL,
                    schema_version  int         NOT NULL,
                    stream_id       text        NOT NULL,
                    stream_version  bigint      NOT NULL,
                    time            timestamptz NOT NULL,
                    correlation_id  text,
                    causation_id    text,
                    actor           text,
                    amount          bigint      NOT NULL,
                    currency        text,
                    balance_after   bigint      NOT NULL,
                    data            jsonb       NOT NULL
                )""".formatted(schema),
                "CREATE INDEX journal_stream_time ON %s.journal (stream_id, time, position)".formatted(schema),
                """
                CREATE TABLE %1$s.flags (
                    id          text        PRIMARY KEY,
                    position    bigint      NOT NULL,
                    account_id  text        NOT NULL,
                    kind        text        NOT NULL CHECK (kind IN ('LARGE_AMOUNT', 'RAPID_BURST')),
                    detail      text        NOT NULL,
                    time        timestamptz NOT NULL
                )""".formatted(schema),
                "CREATE INDEX flags_position ON %s.flags (position)".formatted(schema),
                "CREATE INDEX flags_account ON %s.flags (account_id, position)".formatted(schema),
                """
                CREATE TABLE %1$s.account_state (
                    account_id          text    PRIMARY KEY,
                    currency            text,
                    balance             bigint  NOT NULL,
                    version             bigint  NOT NULL,
                    recent_debit_micros bigint[] NOT NULL,
                    in_burst            boolean NOT NULL
                )""".formatted(schema));
    }

    static String insertJournal(String schema) {
        return """
                INSERT INTO %s.journal (position, event_id, type, schema_version, stream_id, stream_version, time,
                                        correlation_id, causation_id, actor, amount, currency, balance_after, data)
                SELECT p, e, t, sv, s, v, tm, c, ca, a, am, cu, b, d::jsonb
                FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::timestamptz[],
                            $8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::bigint[], $14::text[])
                     AS u(p, e, t, sv, s, v, tm, c, ca, a, am, cu, b, d)""".formatted(schema);
    }

    static String insertFlags(String schema) {
        return """
                INSERT INTO %s.flags (id, position, account_id, kind, detail, time)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                ON CONFLICT (id) DO NOTHING""".formatted(schema);
    }

    /** A semi-join, not {@code = ANY($1)}: see AccountsStore.load in the accounts view. */
    static String selectAccountStates(String schema) {
        return """
                SELECT account_id, currency, balance, version, recent_debit_micros, in_burst
                FROM %s.account_state WHERE account_id IN (SELECT unnest($1::text[]))""".formatted(schema);
    }

    /** Each account once per batch (its state after the batch), so one upsert statement is enough. */
    static String upsertAccountStates(String schema) {
        return """
                INSERT INTO %s.account_state (account_id, currency, balance, version, recent_debit_micros, in_burst)
                SELECT i, c, b, v, r::bigint[], ib
                FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bool[])
                     AS u(i, c, b, v, r, ib)
                ON CONFLICT (account_id) DO UPDATE SET currency = excluded.currency, balance = excluded.balance,
                    version = excluded.version, recent_debit_micros = excluded.recent_debit_micros,
                    in_burst = excluded.in_burst""".formatted(schema);
    }
}
