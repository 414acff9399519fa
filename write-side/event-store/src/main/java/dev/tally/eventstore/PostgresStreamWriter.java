package dev.tally.eventstore;

import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Appends on PostgreSQL: why they are shaped as they are.
 *
 * <h2>Streams and optimistic concurrency</h2>
 * A stream is the ordered events of one id; each event has a stream version 1, 2, 3, ... An append names, per stream,
 * the version its caller decided on ({@link StreamAppend#expectedVersion()}). The unique (stream_id, stream_version)
 * index is the concurrency guard: of two writers that read version 5, only one can insert version 6; the other
 * fails with {@link WrongExpectedVersionException} and its whole transaction is rolled back. One append may cover
 * several streams (e.g. both sides of a transfer) and is atomic: one stale stream and nothing is written.
 *
 * <h2>Gap-free global order</h2>
 * Every event also gets a global {@code position}, and readers (the outbox relay, projections, tests) page the whole
 * store with {@code WHERE position > :last ORDER BY position LIMIT :n}. That only works if a position can never
 * become visible <em>after</em> a higher one was already read: otherwise the reader moves its checkpoint past it and
 * skips the event forever.
 * <p>
 * A {@code bigserial} does not give that. Sequence numbers are handed out when a transaction inserts, but transactions
 * commit in any order: T1 takes 10, T2 takes 11, T2 commits, a reader sees 11 and moves on, then T1 commits 10 —
 * never read. Rolled-back transactions also leave holes, so a reader cannot even tell "late" from "never". (This is
 * the problem Marten, Eventuous, Axon and others work around with high-water marks, gap-timeouts or
 * transaction-id snapshots.)
 * <p>
 * Here positions come from a single-row counter, {@code eventstore.position_counter}, bumped with
 * {@code UPDATE ... SET value = value + n RETURNING value} inside the appending transaction, in the same statement
 * that inserts the events (see {@link EventStoreSql#APPEND}):
 * <ul>
 * <li>The UPDATE takes the row lock and keeps it until COMMIT or ROLLBACK, so at most one transaction is between
 * "got positions" and "finished". The next appender waits on the lock, and when it gets it, the previous one has
 * committed (its positions are visible) or rolled back (its counter increment is undone, so the numbers are reused).
 * Hence positions become visible strictly in increasing order, and committed positions are dense: 1, 2, 3, ...
 * without holes. A reader that has seen position p has seen every position below p.</li>
 * <li>{@code pg_notify('eventstore_appended', lastPosition)} in the same statement wakes listeners; PostgreSQL
 * delivers it only at commit, in commit order.</li>
 * <li>The committed counter value is the head of the log: everything up to it is visible ({@link EventLog#headPosition()}).</li>
 * </ul>
 * The cost: the position section is serialised. From the moment the statement takes the lock until its transaction
 * has committed, no other append can proceed. Two things keep that section short:
 * <ul>
 * <li>{@link #append(List, Function)} sends the append statement, COMMIT and a durability barrier back to back
 * (pipelined), so the section never includes a client round trip or a wait for a busy event loop.</li>
 * <li>The appending transaction commits with {@code synchronous_commit = off}: it releases the lock as soon as its
 * commit record is in the WAL buffers, without waiting for the disk. Durability is then awaited by the barrier
 * ({@link EventLog#awaitDurable}: a tiny transaction that writes a WAL record and commits with the server's normal
 * {@code synchronous_commit}, so its commit waits until the WAL, including the append's commit record before it, is
 * flushed and, if configured, replicated). The command is acknowledged only after the barrier, so it is exactly as
 * durable as with a synchronous commit; but the flushes of concurrent appenders are shared (group commit) and happen
 * outside the serialised section. With a synchronous commit inside the section, every append would wait for its own
 * flush while holding the lock, capping the store at one WAL flush per append.</li>
 * </ul>
 * So the section is about one statement execution plus one (non-flushing) commit on the server. The price of the
 * second point: for the few hundred microseconds between the asynchronous commit and the flush, other sessions can
 * already see events that a database crash would still undo (nobody was told they exist: the appender waits for its
 * barrier). Readers that act on events outside the database call {@link EventLog#awaitDurable} after reading and before
 * acting; the outbox relay does so before publishing each batch. The caller-owned transaction variant
 * ({@link #append(SqlConnection, List)}) commits however its caller commits (synchronously by default), holding the
 * lock for the caller's round trip and the WAL flush: make the append the <b>last</b> statement before COMMIT and commit
 * right away. Use READ COMMITTED (the default) so a waiting appender re-reads the counter instead of failing with a
 * serialization error.
 * <p>
 * Expected versions ({@link ExpectedVersion#noStream()}, {@link ExpectedVersion#exactly(long)}) are checked by
 * {@code eventstore.stream_version_mismatch} in the UPDATE's WHERE, so it runs before the lock is taken and again, with
 * fresh data, if the appender had to wait for it. A stale or "ahead of the stream" version updates no row: the
 * statement inserts nothing and answers the mismatch as a value, which becomes {@link WrongExpectedVersionException}.
 * No error is raised, so an expected conflict leaves no ERROR (with the whole statement) in the server log, and the
 * transaction is not aborted: the transactional variants roll it back (nothing of the append was written). The unique
 * index stays the last guard.
 *
 * <h2>Group commit</h2>
 * Under load, one turn in the section per append is still the limit. {@link GroupCommitter} lets concurrent appends
 * share one turn, one COMMIT and one barrier, on the same lock and the same pipeline as here; the store's
 * {@code append(List)} goes through it. This class remains the path of the two transactional variants.
 */
final class PostgresStreamWriter implements StreamWriter {

    private final Pool pool;
    private final EventLog log;

    PostgresStreamWriter(Pool pool, EventLog log) {
        this.pool = pool;
        this.log = log;
    }

    @Override
    public Uni<AppendResult> append(List<StreamAppend> appends) {
        return append(appends, null);
    }

    /**
     * Appends in the caller's transaction (so it can write other rows atomically with the events). Must be the last
     * statement before COMMIT, see the class comment: the position lock is held from here until the caller's commit
     * completes, including the time the caller takes to send it and the WAL flush; {@link #append(List, Function)}
     * avoids both.
     * On {@link WrongExpectedVersionException} or {@link DuplicateEventIdException} nothing of the append was written
     * and the transaction must be rolled back (after a version conflict it is not aborted, so a COMMIT would keep the
     * caller's other rows).
     */
    Uni<AppendResult> append(SqlConnection transaction, List<StreamAppend> appends) {
        try {
            AppendStatement.validate(appends);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return AppendStatement.resolveAny(transaction, appends)
                .chain(resolved -> AppendStatement.execute(transaction, resolved));
    }

    /**
     * Appends in a transaction of its own, after {@code sameTransaction} has run in it (e.g. an idempotency record),
     * commits, and waits until the commit is durable: all of it or nothing. Preferred over
     * {@link #append(SqlConnection, List)}: the position lock is held for the shortest possible time (see the class
     * comment). Fails with {@link WrongExpectedVersionException} or {@link DuplicateEventIdException} as described
     * there, or with {@code sameTransaction}'s failure; the transaction is then rolled back. A failure after the commit
     * (the connection breaks while waiting for durability) leaves the outcome unknown, like any lost acknowledgement.
     * <p>
     * A version conflict is an answer of the append, not an error that aborts the transaction; so when
     * {@code sameTransaction} is given, COMMIT is sent only once the append has answered (ROLLBACK after a conflict),
     * which keeps the position lock for that one round trip more. Without it ({@code null}) there is nothing to undo:
     * COMMIT is pipelined, and after a conflict it commits an empty transaction.
     */
    Uni<AppendResult> append(List<StreamAppend> appends, Function<SqlConnection, Uni<?>> sameTransaction) {
        try {
            AppendStatement.validate(appends);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.withConnection(connection -> connection.query(EventStoreSql.BEGIN_ASYNC_COMMIT).execute()
                .chain(() -> sameTransaction == null ? Uni.createFrom().voidItem() : sameTransaction.apply(connection))
                .chain(() -> AppendStatement.resolveAny(connection, appends))
                .chain(resolved -> sameTransaction == null
                        ? Uni.createFrom().item(new Resolved(resolved, null))
                        : AppendStatement.execute(connection, resolved).map(result -> new Resolved(resolved, result)))
                // A failure before COMMIT is sent: end the transaction before the pool reuses the connection.
                // (Once COMMIT is sent, the transaction ends there, committed or, after a failed append, rolled back.)
                .onFailure().call(() -> connection.query("ROLLBACK").execute().onFailure().recoverWithNull())
                .chain(resolved -> resolved.result() != null
                        ? commitAndAwaitDurable(connection, resolved.result())
                        : appendCommitAndAwaitDurable(connection, resolved.appends())));
    }

    /** The appends with any() resolved, and their result if the append has already run. */
    private record Resolved(List<StreamAppend> appends, AppendResult result) {
    }

    /** COMMIT and the durability barrier of an append that has already answered. */
    private Uni<AppendResult> commitAndAwaitDurable(SqlConnection connection, AppendResult appended) {
        return connection.query("COMMIT").execute().chain(() -> log.awaitDurable(connection)).replaceWith(appended);
    }

    /**
     * Sends the append, COMMIT and the durability barrier back to back, without waiting in between: they are queued on
     * the connection in this order, and the client keeps that order even when it must prepare the statement first. If
     * the append fails, PostgreSQL answers the COMMIT of the aborted transaction with a rollback (and the barrier
     * costs one small WAL flush for nothing).
     */
    private Uni<AppendResult> appendCommitAndAwaitDurable(SqlConnection connection, List<StreamAppend> appends) {
        Uni<AppendResult> append = AppendStatement.execute(connection, appends);
        Uni<Void> commit = connection.query("COMMIT").execute().replaceWithVoid();
        Uni<Void> durable = log.awaitDurable(connection);
        return Uni.combine().all().unis(append, commit, durable).collectFailures().asTuple()
                .map(io.smallrye.mutiny.tuples.Tuple3::getItem1)
                .onFailure(CompositeException.class).transform(e -> ((CompositeException) e).getCauses().get(0));
    }
}
