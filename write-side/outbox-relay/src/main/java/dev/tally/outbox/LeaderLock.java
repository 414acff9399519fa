package dev.tally.outbox;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import dev.tally.eventstore.EventLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Leader election for the relay: a session-level {@code pg_try_advisory_lock} held on a dedicated connection (not a
 * pooled one, which the pool could close or hand to someone else). PostgreSQL releases the lock when that session
 * ends, so a replica that dies, hangs up or is partitioned from the database loses leadership by itself.
 * <p>
 * The same connection LISTENs for append notifications, reads the events to publish, and writes the checkpoint: a
 * checkpoint can only be advanced through the session that holds the lock, so a relay that lost it cannot move it any
 * more (fencing).
 * <p>
 * Methods block; call them from the relay's own thread, never from an event loop. The close handler only flips a
 * flag, so leadership loss is seen at once by the publishing loop.
 */
final class LeaderLock {

    private static final Logger LOG = Logger.getLogger(LeaderLock.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final long key;
    private final Duration timeout;
    private final Runnable onAppended;

    private volatile PgConnection connection;
    private volatile boolean held;
    private volatile int backendPid;
    private volatile CompletableFuture<Void> pendingCheckpoint;

    LeaderLock(Vertx vertx, PgConnectOptions options, long key, Duration timeout, Runnable onAppended) {
        this.vertx = vertx;
        this.options = options;
        this.key = key;
        this.timeout = timeout;
        this.onAppended = onAppended;
    }

    boolean isHeld() {
        return held;
    }

    /** PostgreSQL backend pid of the lock session, 0 when not connected. */
    int backendPid() {
        return connection == null ? 0 : backendPid;
    }

    /** Connects if needed and tries to take the lock once. */
    boolean tryAcquire() {
        try {
            PgConnection current = connectIfNeeded();
            Row row = current.preparedQuery(RelaySql.TRY_LOCK).execute(Tuple.of(key))
                    .await().atMost(timeout).iterator().next();
            backendPid = row.getInteger("pid");
            held = row.getBoolean("locked") && connection == current;
            return held;
        } catch (RuntimeException e) {
            LOG.debugf("relay lock connection unavailable: %s", e.getMessage());
            close();
            return false;
        }
    }

    long loadCheckpoint(String relayName) {
        PgConnection current = requireLeader();
        current.preparedQuery(RelaySql.ENSURE_CHECKPOINT).execute(Tuple.of(relayName)).await().atMost(timeout);
        return current.preparedQuery(RelaySql.READ_CHECKPOINT).execute(Tuple.of(relayName))
                .await().atMost(timeout).iterator().next().getLong("position");
    }

    /**
     * Advances the checkpoint through the lock session (fencing: only the lock holder can). Does not wait: the write is
     * queued on the session ahead of the relay's next read, and its outcome is checked by the next call to this method
     * or to {@link #awaitCheckpoint()}; a failure gives up leadership there, so at most one more batch is published
     * on a session that may have lost the lock, which at-least-once delivery tolerates.
     */
    void advanceCheckpoint(String relayName, long position) {
        awaitCheckpoint();
        PgConnection current = requireLeader();
        // One round trip, and no wait for the WAL flush: a checkpoint lost in a database crash only means a few
        // events are published again, which delivery is designed for (at least once).
        pendingCheckpoint = Uni.combine().all().unis(
                        current.query(RelaySql.BEGIN_ASYNC_COMMIT).execute(),
                        current.preparedQuery(RelaySql.ADVANCE_CHECKPOINT).execute(Tuple.of(relayName, position)),
                        current.query("COMMIT").execute())
                .collectFailures().discardItems()
                .subscribeAsCompletionStage();
    }

    /** Waits for the last checkpoint write; gives up leadership if it failed. */
    void awaitCheckpoint() {
        CompletableFuture<Void> pending = pendingCheckpoint;
        if (pending == null) {
            return;
        }
        pendingCheckpoint = null;
        try {
            pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LeadershipLostException("interrupted while writing the checkpoint");
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new LeadershipLostException("checkpoint not advanced: lock connection failed: " + e);
        }
    }

    /**
     * The lock session, for the relay's own reads: they never queue behind command traffic for a pooled connection,
     * and they stop working the moment leadership is lost.
     */
    SqlClient leaderConnection() {
        return requireLeader();
    }

    /** A cheap round trip that detects a half-open lock connection (no FIN seen) and gives up leadership then. */
    void ping() {
        PgConnection current = connection;
        if (current == null) {
            return;
        }
        try {
            current.query(RelaySql.PING).execute().await().atMost(timeout);
        } catch (RuntimeException e) {
            LOG.warnf("relay lock connection did not answer (%s); giving up leadership", e.getMessage());
            close();
        }
    }

    /** Releases the lock (by ending the session) and forgets the connection. */
    void close() {
        held = false;
        pendingCheckpoint = null;
        PgConnection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close().await().atMost(timeout);
            } catch (RuntimeException e) {
                LOG.debugf("closing relay lock connection: %s", e.getMessage());
            }
        }
    }

    private PgConnection requireLeader() {
        PgConnection current = connection;
        if (!held || current == null) {
            throw new LeadershipLostException("relay lock not held");
        }
        return current;
    }

    private PgConnection connectIfNeeded() {
        PgConnection current = connection;
        if (current != null) {
            return current;
        }
        PgConnection fresh = PgConnection.connect(vertx, options).await().atMost(timeout);
        fresh.closeHandler(() -> onClosed(fresh));
        fresh.exceptionHandler(e -> LOG.debugf("relay lock connection error: %s", e.getMessage()));
        fresh.notificationHandler(notification -> {
            if (EventLog.APPENDED_CHANNEL.equals(notification.getChannel())) {
                onAppended.run();
            }
        });
        connection = fresh;
        fresh.query("LISTEN " + EventLog.APPENDED_CHANNEL).execute().await().atMost(timeout);
        return fresh;
    }

    /** Runs on the event loop when the socket closes: leadership is gone from this instant. */
    private void onClosed(PgConnection closed) {
        if (connection == closed) {
            boolean wasLeader = held;
            held = false;
            connection = null;
            if (wasLeader) {
                LOG.warn("relay lock connection closed: this replica stops publishing");
            }
        }
    }
}
