package dev.tally.bench;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The raw PostgreSQL baseline of the read side: {@code total} event-sized rows inserted by one connection of the
 * reactive client (the one the views use), {@code batch} rows per statement as one {@code INSERT ... SELECT FROM
 * unnest(arrays)}, each statement its own durable transaction (autocommit, fsync on), one batch after another — the
 * shape of a projection's write path (one consumer, one transaction per batch), without any fold.
 */
final class RawBatchInserts {

    static final String CREATE_TABLE = """
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE IF NOT EXISTS bench.raw_view_rows (
                position       bigint      PRIMARY KEY,
                stream_id      text        NOT NULL,
                stream_version bigint      NOT NULL,
                event_type     text        NOT NULL,
                amount         bigint      NOT NULL,
                balance_after  bigint      NOT NULL,
                data           jsonb       NOT NULL,
                recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
            )""";

    private static final String INSERT = """
            INSERT INTO bench.raw_view_rows (position, stream_id, stream_version, event_type, amount, balance_after, data)
            SELECT p, s, v, t, a, b, d::jsonb
              FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])
                   AS r(p, s, v, t, a, b, d)""";

    private RawBatchInserts() {
    }

    /** Inserts {@code total} rows; returns the rows inserted. */
    static long run(Vertx vertx, PgConnectOptions options, long total, int batch) throws Exception {
        PgConnection connection = WriteBenchmark.await(PgConnection.connect(vertx, options));
        try {
            long inserted = 0;
            for (long first = 1; first <= total; first += batch) {
                int n = (int) Math.min(batch, total - first + 1);
                inserted += LongStream.await(insert(connection, first, n), Duration.ofSeconds(60));
            }
            return inserted;
        } finally {
            connection.close();
        }
    }

    private static Future<Integer> insert(PgConnection connection, long first, int n) {
        Long[] positions = new Long[n];
        String[] streams = new String[n];
        Long[] versions = new Long[n];
        String[] types = new String[n];
        Long[] amounts = new Long[n];
        Long[] balances = new Long[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            long p = first + i;
            String stream = "00000000-0000-4000-8000-" + String.format("%012d", p % 20_000);
            positions[i] = p;
            streams[i] = stream;
            versions[i] = p / 20_000 + 1;
            types[i] = "MoneyDeposited";
            amounts[i] = 100 + p % 9_000;
            balances[i] = p * 3;
            data[i] = "{\"accountId\":\"" + stream + "\",\"amount\":" + amounts[i]
                    + ",\"currency\":\"EUR\",\"reference\":\"raw batch insert #" + p + "\"}";
        }
        return connection.preparedQuery(INSERT).execute(Tuple.tuple().addArrayOfLong(positions)
                        .addArrayOfString(streams).addArrayOfLong(versions).addArrayOfString(types)
                        .addArrayOfLong(amounts).addArrayOfLong(balances).addArrayOfString(data))
                .map(rows -> rows.rowCount());
    }
}
