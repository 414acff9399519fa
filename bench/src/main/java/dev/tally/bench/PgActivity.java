package dev.tally.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Cumulative counters of the benchmark database from {@code pg_stat_database}: transactions, rows written, and the
 * time backends spent executing statements ({@code active_time}, ms) or idle inside a transaction. The difference of
 * two readings says how many transactions a projection needed and how much of the wall time PostgreSQL was busy
 * with its statements.
 */
final class PgActivity {

    private static final String QUERY = """
            SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched,
                   active_time, idle_in_transaction_time
              FROM pg_stat_database WHERE datname = current_database()""";

    private static final String[] COLUMNS = {"xact_commit", "xact_rollback", "tup_inserted", "tup_updated",
            "tup_deleted", "tup_fetched", "active_time", "idle_in_transaction_time"};

    private PgActivity() {
    }

    /** Statistics are flushed by each backend at most once a second; this forces ours out and reads. */
    static Future<Map<String, Double>> read(Pool pool) {
        return pool.query("SELECT pg_stat_clear_snapshot()").execute().compose(x -> pool.query(QUERY).execute())
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (String c : COLUMNS) {
                        Object v = row.getValue(c);
                        values.put(c, v == null ? 0.0 : ((Number) v).doubleValue());
                    }
                    return values;
                });
    }

    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        return d;
    }
}
