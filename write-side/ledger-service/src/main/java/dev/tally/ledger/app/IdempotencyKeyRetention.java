package dev.tally.ledger.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets Idempotency-Keys older than {@code tally.idempotency.retention}, so the table holds about one retention's
 * worth of commands instead of every key ever used. A retry after that is a new command. Every
 * {@code tally.idempotency.cleanup-every}, it deletes expired rows in batches of {@code tally.idempotency.cleanup-batch}
 * (one short autocommit statement each, rows found through the created_at index, rows another replica is deleting
 * skipped), until a batch comes back short: no long lock, no long transaction, and replicas may clean at the same
 * time, since deleting is idempotent.
 */
@ApplicationScoped
public class IdempotencyKeyRetention {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyRetention.class);

    private static final String DELETE_EXPIRED = """
            DELETE FROM ledger.idempotency_keys
             WHERE (caller, idempotency_key) IN (
                   SELECT caller, idempotency_key FROM ledger.idempotency_keys
                    WHERE created_at < now() - make_interval(secs => $1)
                    LIMIT $2
                      FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;
    private final Vertx vertx;
    private final Duration retention;
    private final Duration cleanupEvery;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    IdempotencyKeyRetention(Pool pool, Vertx vertx,
                            @ConfigProperty(name = "tally.idempotency.retention") Duration retention,
                            @ConfigProperty(name = "tally.idempotency.cleanup-every") Duration cleanupEvery,
                            @ConfigProperty(name = "tally.idempotency.cleanup-batch") int batchSize) {
        if (retention.isNegative() || retention.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("tally.idempotency.retention must be > 0 and cleanup-batch >= 1");
        }
        this.pool = pool;
        this.vertx = vertx;
        this.retention = retention;
        this.cleanupEvery = cleanupEvery;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent event) {
        if (!cleanupEvery.isZero()) {
            timer = vertx.setPeriodic(cleanupEvery.toMillis(), id -> deleteExpired().subscribe().with(
                    deleted -> LOG.debugf("Forgot %d expired idempotency keys", deleted),
                    failure -> LOG.warnf("Idempotency key clean-up failed (next try in %s): %s", cleanupEvery,
                            failure.getMessage())));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes every key older than the retention, a batch at a time; the number deleted (0 if a run is under way). */
    public Uni<Long> deleteExpired() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0L);
        }
        return deleteFrom(0L).onTermination().invoke(() -> running.set(false));
    }

    private Uni<Long> deleteFrom(long deletedSoFar) {
        double seconds = retention.toMillis() / 1000.0;
        return pool.preparedQuery(DELETE_EXPIRED).execute(Tuple.of(seconds, batchSize))
                .chain(rows -> rows.rowCount() < batchSize
                        ? Uni.createFrom().item(deletedSoFar + rows.rowCount())
                        : deleteFrom(deletedSoFar + rows.rowCount()));
    }
}
