package dev.tally.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The snapshot experiment's long stream: one account whose history is {@code n} deposits, and the sequential deposit
 * load that measures how long a command on it takes.
 */
final class LongStream {

    /**
     * Appends {@code count} copies of the stream's last event (a real deposit written by the service) in one
     * statement that takes its positions from the store's counter exactly as an append does (row lock held to
     * commit), so the log stays dense and the relay publishes them. Loading 10,000 events over HTTP one by one
     * would spend a minute of the run; the events are the same either way.
     */
    static final String COPY_LAST_EVENT = """
            WITH src AS (
                SELECT stream_version, event_type, schema_version, data, metadata
                  FROM eventstore.events
                 WHERE stream_id = $1
                 ORDER BY stream_version DESC
                 LIMIT 1
            ), bump AS (
                UPDATE eventstore.position_counter SET value = value + $2::bigint WHERE id = 1 RETURNING value
            )
            INSERT INTO eventstore.events (position, stream_id, stream_version, event_id, event_type, schema_version,
                                           data, metadata, recorded_at)
            SELECT bump.value - $2::bigint + g, $1, src.stream_version + g, gen_random_uuid(), src.event_type,
                   src.schema_version, src.data, src.metadata, clock_timestamp()
              FROM src, bump, generate_series(1::bigint, $2::bigint) AS g""";

    private LongStream() {
    }

    static Future<Long> appendCopies(Pool pool, String streamId, long count) {
        return pool.preparedQuery(COPY_LAST_EVENT).execute(Tuple.of(streamId, count)).map(rows -> (long) rows.rowCount());
    }

    static Future<Long> streamVersion(Pool pool, String streamId) {
        return pool.preparedQuery("SELECT coalesce(max(stream_version), 0) AS v FROM eventstore.events WHERE stream_id = $1")
                .execute(Tuple.of(streamId)).map(rows -> rows.iterator().next().getLong("v"));
    }

    static Future<Void> deleteSnapshot(Pool pool, String streamId) {
        return pool.preparedQuery("DELETE FROM eventstore.snapshots WHERE stream_id = $1").execute(Tuple.of(streamId))
                .mapEmpty();
    }

    /** {@code warmup} unmeasured, then {@code requests} measured deposits to {@code accountId}, one at a time. */
    static PhaseResult measureDeposits(String name, WriteApi api, String accountId, int warmup, int requests)
            throws Exception {
        Latencies latencies = new Latencies();
        long errors = 0;
        java.util.List<String> samples = new java.util.ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < warmup + requests; i++) {
            long started = System.nanoTime();
            try {
                await(api.deposit(accountId, 1, "long stream #" + i), Duration.ofSeconds(30));
                if (i >= warmup) {
                    latencies.add(System.nanoTime() - started);
                }
            } catch (Exception e) {
                errors++;
                if (samples.size() < 5) {
                    samples.add(String.valueOf(e.getMessage()));
                }
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new PhaseResult(name, 1, seconds, latencies.summary().count(), errors, samples, latencies.summary(), 0, null);
    }

    static <T> T await(Future<T> future, Duration timeout) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
