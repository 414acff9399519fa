package dev.tally.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Samples pg_stat_activity every 50 ms during a measurement and averages what the client backends were doing. Many
 * backends waiting on a {@code Lock} while one sits {@code idle in transaction} is the signature of a serialised
 * section (here the position counter's row lock, held until COMMIT); {@code IO} waits point at WAL flushes.
 */
final class BackendStates {

    private static final String QUERY = """
            SELECT count(*) FILTER (WHERE wait_event_type = 'Lock') AS lock,
                   count(*) FILTER (WHERE wait_event_type = 'IO') AS io,
                   count(*) FILTER (WHERE state = 'active' AND wait_event IS NULL) AS running,
                   count(*) FILTER (WHERE state = 'idle in transaction') AS idle_in_tx
              FROM pg_stat_activity
             WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database()""";

    private final Map<String, Double> sums = new LinkedHashMap<>();
    private long samples;
    private long timerId = -1;

    synchronized void start(Vertx vertx, Pool pool) {
        timerId = vertx.setPeriodic(50, id -> pool.query(QUERY).execute().onSuccess(rows -> {
            Row row = rows.iterator().next();
            synchronized (this) {
                samples++;
                for (String column : new String[] {"lock", "io", "running", "idle_in_tx"}) {
                    sums.merge(column, (double) row.getLong(column), Double::sum);
                }
            }
        }));
    }

    synchronized Map<String, Double> stop(Vertx vertx) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        Map<String, Double> averages = new LinkedHashMap<>();
        sums.forEach((k, v) -> averages.put(k, samples == 0 ? 0 : v / samples));
        return averages;
    }
}
