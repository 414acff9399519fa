package dev.tally.eventstore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.UnaryOperator;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Group commit: concurrent requests share one append transaction, so one position-lock section, one COMMIT and one
 * durability barrier serve them all, while each request is still decided and answered on its own. What it promises is
 * in the README ("Group commit"); how:
 * <ul>
 * <li><b>When a batch starts.</b> As soon as no batch of this committer is in its position section; it takes what
 * queued meanwhile (up to {@link GroupCommitLimits#maxRequests()} requests and {@link GroupCommitLimits#maxEvents()}
 * events). No timer: a lone request starts at once, and batches grow only while the previous one is busy, like
 * PostgreSQL's own group commit of WAL flushes. The section ends when COMMIT is answered; the barrier of one batch
 * overlaps the next batch.</li>
 * <li><b>One stream once per batch.</b> A request naming a stream that an earlier request of the forming batch names
 * waits for the next batch (keeping its place at the head of the queue), where it sees the earlier one's events: exactly
 * the order a single appender would see. So within a statement no two requests race for a stream version.</li>
 * <li><b>The pipeline.</b> Sent back to back without waiting: {@code BEGIN} (asynchronous commit), the position
 * lock ({@link EventStoreSql#LOCK_POSITIONS}), the batch statement ({@link EventStoreSql#APPEND_BATCH}, which checks
 * every request's conditions under the lock and appends the accepted ones, with their callers' rows,
 * {@link TransactionRows}), COMMIT and the durability barrier. Same reasoning as the single append
 * ({@link PostgresStreamWriter}): no client round trip inside the section, no WAL flush inside it.</li>
 * <li><b>Answers</b> ({@link BatchOutcome}): an accepted request completes after the barrier; a refused one fails with
 * {@link WrongExpectedVersionException} as a single append would. If the statement fails as a whole (a duplicate event
 * id, a caller's row that violates a constraint), the server has aborted the transaction and nothing was written: each
 * request then runs again alone, so only the culprit fails, with its own error. If the connection breaks, nothing is
 * acknowledged (the outcome is unknown, as for any lost answer).</li>
 * </ul>
 * With {@link GroupCommitLimits#enabled()} false, each request runs at once as a batch of its own (same statement).
 */
final class GroupCommitter {

    private final Pool pool;
    private final EventLog log;
    private final GroupCommitLimits limits;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean inSection;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong rerunAlone = new AtomicLong();
    private final AtomicLongArray bySize;
    private volatile GroupCommitObserver observer = GroupCommitObserver.NONE;

    GroupCommitter(Pool pool, EventLog log, GroupCommitLimits limits) {
        this.pool = pool;
        this.log = log;
        this.limits = limits;
        this.bySize = new AtomicLongArray(limits.maxRequests() + 1);
    }

    /** Appends the request in the next batch; completes once durable, as {@link StreamWriter#append(List)} does. */
    Uni<AppendResult> append(AppendRequest<?> request) {
        try {
            AppendStatement.validate(request.appends());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().emitter(emitter -> {
            Pending pending = new Pending(request, emitter, Vertx.currentContext(), false, System.nanoTime());
            if (!limits.enabled()) {
                run(List.of(pending), () -> { });
                return;
            }
            List<Pending> batch;
            synchronized (this) {
                queue.add(pending);
                batch = nextBatch();
            }
            if (batch != null) {
                run(batch, this::sectionEnded);
            }
        });
    }

    void observe(GroupCommitObserver newObserver) {
        observer = newObserver;
    }

    GroupCommitStats stats() {
        long[] sizes = new long[bySize.length()];
        int largest = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = bySize.get(i);
            largest = sizes[i] > 0 ? i : largest;
        }
        int queued;
        synchronized (this) {
            queued = queue.size();
        }
        return new GroupCommitStats(batches.get(), requests.get(), events.get(), rerunAlone.get(), largest, sizes,
                queued);
    }

    private void sectionEnded() {
        List<Pending> batch;
        synchronized (this) {
            inSection = false;
            batch = nextBatch();
        }
        if (batch != null) {
            run(batch, this::sectionEnded);
        }
    }

    /** Under the lock: the next batch if none is in its section, marking it so; null if none is to start. */
    private List<Pending> nextBatch() {
        if (inSection || queue.isEmpty()) {
            return null;
        }
        List<Pending> batch = new ArrayList<>();
        Set<String> streams = new HashSet<>();
        int eventCount = 0;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < limits.maxRequests(); ) {
            Pending next = it.next();
            if (next.alone()) {
                if (batch.isEmpty()) {
                    it.remove();
                    batch.add(next);
                }
                break;
            }
            int nextEvents = next.request().eventCount();
            if (!batch.isEmpty() && eventCount + nextEvents > limits.maxEvents()) {
                break;
            }
            if (next.request().appends().stream().anyMatch(a -> streams.contains(a.streamId()))) {
                continue; // waits for the next batch, see the class comment
            }
            it.remove();
            batch.add(next);
            eventCount += nextEvents;
            next.request().appends().forEach(a -> streams.add(a.streamId()));
        }
        inSection = true;
        return batch;
    }

    /** Runs one batch; {@code sectionEnded} once its COMMIT is answered (or it failed before). */
    private void run(List<Pending> batch, Runnable sectionEnded) {
        count(batch);
        GroupCommitObserver watching = observer;
        long started = System.nanoTime();
        watching.batchStarted(batch.size(), started - batch.get(0).queuedAt());
        AtomicBoolean ended = new AtomicBoolean();
        Runnable endSection = () -> {
            if (ended.compareAndSet(false, true)) {
                watching.sectionEnded(System.nanoTime() - started);
                sectionEnded.run();
            }
        };
        List<AppendRequest<?>> requests = batch.stream().<AppendRequest<?>>map(Pending::request).toList();
        BatchStatement statement;
        try {
            statement = new BatchStatement(requests);
        } catch (RuntimeException e) {
            // A request's rows could not become arguments; nothing was sent.
            endSection.run();
            if (batch.size() > 1) {
                runEachAlone(batch);
            } else {
                batch.get(0).fail(e);
            }
            return;
        }
        pool.withConnection(connection -> pipeline(connection, statement, endSection))
                .subscribe().with(answers -> {
                    endSection.run();
                    watching.batchDurable(System.nanoTime() - started);
                    settle(batch, answers);
                }, failure -> {
                    // No connection: nothing was sent.
                    endSection.run();
                    batch.forEach(p -> p.fail(failure));
                });
    }

    /**
     * BEGIN, the lock, the statement, COMMIT and the barrier, sent back to back. BEGIN's own answer is not needed: if it
     * failed and the connection still ran the rest, the statement ran in a transaction of its own, committed with the
     * session's synchronous commit (durable before the barrier even starts), and its answers hold as they are.
     */
    private Uni<BatchOutcome.Answers> pipeline(SqlConnection connection, BatchStatement statement, Runnable endSection) {
        Uni<Optional<Throwable>> begin = failureOf(connection.query(EventStoreSql.BEGIN_ASYNC_COMMIT).execute());
        Uni<Optional<Throwable>> lock = failureOf(connection.preparedQuery(EventStoreSql.LOCK_POSITIONS).execute());
        Uni<Attempt> append = connection.preparedQuery(statement.sql).execute(statement.arguments)
                .onItemOrFailure().transform(Attempt::new);
        Uni<Optional<Throwable>> commit = failureOf(connection.query("COMMIT").execute()).invoke(endSection);
        Uni<Optional<Throwable>> durable = failureOf(log.awaitDurable(connection));
        return Uni.combine().all().unis(begin, lock, append, commit, durable).with((begun, locked, appended, committed,
                flushed) -> {
            Throwable statementFailure = locked.orElse(appended.failure);
            List<BatchStatement.Answer> perRequest = null;
            Throwable readFailure = null;
            if (statementFailure == null) {
                try {
                    perRequest = statement.answers(appended.rows);
                } catch (RuntimeException e) {
                    readFailure = e;
                }
            }
            return new BatchOutcome.Answers(statementFailure, perRequest, readFailure, committed.orElse(null),
                    flushed.orElse(null));
        });
    }

    private void settle(List<Pending> batch, BatchOutcome.Answers answers) {
        UnaryOperator<Throwable> translate = failure -> ownFailure(batch.get(0).request(), failure);
        List<BatchOutcome.Settled> settled = BatchOutcome.settle(batch.size(), answers, translate);
        if (settled == BatchOutcome.RUN_EACH_ALONE) {
            runEachAlone(batch);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            BatchOutcome.Settled one = settled.get(i);
            if (one.failure() == null) {
                batch.get(i).complete(one.result());
            } else {
                batch.get(i).fail(one.failure());
            }
        }
    }

    /** Puts the batch's requests back at the head of the queue, in order, each to run as a batch of its own. */
    private void runEachAlone(List<Pending> batch) {
        rerunAlone.incrementAndGet();
        List<Pending> next;
        synchronized (this) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                queue.addFirst(batch.get(i).toRunAlone());
            }
            next = nextBatch();
        }
        if (next != null) {
            run(next, this::sectionEnded);
        }
    }

    /** A lone request's failure as the store's typed exceptions, then as its rows writer names it. */
    private static Throwable ownFailure(AppendRequest<?> request, Throwable failure) {
        Throwable typed = AppendFailures.translate(failure, request.appends());
        return typed == failure && request.rowWriter() != null ? request.rowWriter().translate(failure) : typed;
    }

    private void count(List<Pending> batch) {
        batches.incrementAndGet();
        requests.addAndGet(batch.size());
        events.addAndGet(batch.stream().mapToInt(p -> p.request().eventCount()).sum());
        bySize.incrementAndGet(Math.min(batch.size(), bySize.length() - 1));
    }

    private static Uni<Optional<Throwable>> failureOf(Uni<?> step) {
        return step.onItemOrFailure().transform((item, failure) -> Optional.ofNullable(failure));
    }

    /** The append statement's rows, or its failure. */
    private record Attempt(RowSet<Row> rows, Throwable failure) {
    }

    /** A queued request, where to answer it (on the caller's Vert.x context, if it had one) and since when it waits. */
    private record Pending(AppendRequest<?> request, UniEmitter<? super AppendResult> emitter, Context context,
                           boolean alone, long queuedAt) {

        Pending toRunAlone() {
            return new Pending(request, emitter, context, true, queuedAt);
        }

        void complete(AppendResult result) {
            onContext(() -> emitter.complete(result));
        }

        void fail(Throwable failure) {
            onContext(() -> emitter.fail(failure));
        }

        private void onContext(Runnable answer) {
            if (context == null || context == Vertx.currentContext()) {
                answer.run();
            } else {
                context.runOnContext(ignored -> answer.run());
            }
        }
    }
}
