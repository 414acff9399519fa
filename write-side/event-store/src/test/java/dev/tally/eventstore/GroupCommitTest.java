package dev.tally.eventstore;

import static dev.tally.eventstore.EventStoreTest.await;
import static dev.tally.eventstore.EventStoreTest.event;
import static dev.tally.eventstore.EventStoreTest.newStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import dev.tally.eventstore.testing.Poll;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Group commit keeps each request's own outcome: requests that shared one append transaction are accepted, refused
 * or failed exactly as each would have been alone, their rows commit exactly with their events, and a batch that dies
 * before COMMIT acknowledges nothing. To put several requests in one batch, a test holds the position lock: the
 * first request's batch waits for it, and everything submitted meanwhile queues for the next batch.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @BeforeEach
    void rowsTable() {
        await(pool.query("CREATE TABLE IF NOT EXISTS public.eventstore_test_batch_rows (key text PRIMARY KEY)").execute());
    }

    @Test
    void eachRequestOfOneBatchIsDecidedOnItsOwn() throws Exception {
        String moved = newStream();
        String movedToo = newStream();
        String fresh = newStream();
        String twice = newStream();
        GroupCommitStats before = store.groupCommitStats();

        var answers = inOneBatch(
                // Another writer appends to `moved` and `movedToo` while the requests wait.
                holder -> store.append(holder, List.of(StreamAppend.of(moved, ExpectedVersion.noStream(), event("Other")),
                        StreamAppend.of(movedToo, ExpectedVersion.noStream(), event("Other")))),
                () -> store.append(StreamAppend.of(fresh, ExpectedVersion.noStream(), event("A"))),
                () -> store.append(StreamAppend.of(moved, ExpectedVersion.noStream(), event("Stale"))),
                () -> store.append(StreamAppend.of(twice, ExpectedVersion.noStream(), event("First"))),
                () -> store.append(StreamAppend.of(twice, ExpectedVersion.noStream(), event("Second"))),
                () -> store.append(StreamAppend.of(movedToo, ExpectedVersion.any(), event("Any"))));

        AppendResult accepted = answers.get(0).get(10, TimeUnit.SECONDS);
        WrongExpectedVersionException stale = failure(WrongExpectedVersionException.class, answers.get(1));
        AppendResult first = answers.get(2).get(10, TimeUnit.SECONDS);
        WrongExpectedVersionException second = failure(WrongExpectedVersionException.class, answers.get(3));
        AppendResult any = answers.get(4).get(10, TimeUnit.SECONDS);

        assertEquals(1, accepted.versionOf(fresh));
        assertEquals(List.of(moved, 0L, 1L), List.of(stale.streamId(), stale.expectedVersion(), stale.actualVersion()));
        assertEquals(1, first.versionOf(twice));
        // The second request on `twice` waited for the next batch and found the first one's event.
        assertEquals(List.of(twice, 0L, 1L), List.of(second.streamId(), second.expectedVersion(), second.actualVersion()));
        assertEquals(2, any.versionOf(movedToo));
        // The accepted requests of the batch hold consecutive positions, in submission order.
        assertEquals(accepted.lastPosition() + 1, first.firstPosition());
        assertEquals(first.lastPosition() + 1, any.firstPosition());
        assertEquals(List.of("Other"), await(store.readStream(moved, 1)).stream().map(RecordedEvent::type).toList());
        assertEquals(List.of("Other", "Any"), await(store.readStream(movedToo, 1)).stream().map(RecordedEvent::type).toList());
        assertEquals(List.of("First"), await(store.readStream(twice, 1)).stream().map(RecordedEvent::type).toList());

        GroupCommitStats after = store.groupCommitStats();
        assertEquals(1, after.batchesOfSize(4) - before.batchesOfSize(4), "the four distinct streams shared a batch");
        assertEquals(3, after.batches() - before.batches(), "the plug, the shared batch, the deferred request");
    }

    @Test
    void rowsCommitExactlyWithTheirEventsAndARowThatCannotBeWrittenFailsOnlyItsRequest() throws Exception {
        String[] streams = {newStream(), newStream(), newStream(), newStream()};
        String taken = "row-" + streams[0];
        String ofRefused = "row-" + streams[1];
        GroupCommitStats before = store.groupCommitStats();

        var answers = inOneBatch(holder -> Uni.createFrom().voidItem(),
                () -> store.append(AppendRequest.withRows(List.of(StreamAppend.of(streams[0], ExpectedVersion.noStream(),
                        event("A"))), Rows.PLAIN, taken)),
                () -> store.append(AppendRequest.withRows(List.of(StreamAppend.of(streams[1], ExpectedVersion.exactly(5),
                        event("B"))), Rows.PLAIN, ofRefused)),
                () -> store.append(AppendRequest.withRows(List.of(StreamAppend.of(streams[2], ExpectedVersion.noStream(),
                        event("C"))), Rows.PLAIN, taken)),
                () -> store.append(AppendRequest.of(List.of(StreamAppend.of(streams[3], ExpectedVersion.noStream(),
                        event("D"))))));

        assertEquals(1, answers.get(0).get(10, TimeUnit.SECONDS).versionOf(streams[0]));
        failure(WrongExpectedVersionException.class, answers.get(1));
        failure(RowTaken.class, answers.get(2));
        assertEquals(1, answers.get(3).get(10, TimeUnit.SECONDS).versionOf(streams[3]));

        assertEquals(1, countRows(taken));
        assertEquals(0, countRows(ofRefused), "a refused request's rows are not written");
        assertEquals(0L, await(store.streamVersion(streams[2])), "a request whose rows failed appends nothing");
        GroupCommitStats after = store.groupCommitStats();
        assertEquals(1, after.batchesOfSize(4) - before.batchesOfSize(4));
        assertEquals(1, after.rerunAlone() - before.rerunAlone(), "the batch was run again request by request");
    }

    @Test
    void aBatchWhoseBackendDiesBeforeCommitAcknowledgesNothing() throws Exception {
        List<String> streams = List.of(newStream(), newStream(), newStream());
        List<Supplier<Uni<AppendResult>>> requests = streams.stream().<Supplier<Uni<AppendResult>>>map(stream -> () ->
                store.append(AppendRequest.withRows(List.of(StreamAppend.of(stream, ExpectedVersion.noStream(),
                        event("Lost"))), Rows.CRASHING, "row-" + stream))).toList();

        var answers = inOneBatch(holder -> Uni.createFrom().voidItem(), requests);
        long head = await(store.headPosition());

        for (CompletableFuture<AppendResult> answer : answers) {
            // Neither a result nor a conflict: the connection broke inside the batch statement, before COMMIT, so the
            // outcome is unknown to the committer (the client sees the reset, or the server's FATAL 57P01 first).
            Throwable crash = failure(Throwable.class, answer);
            assertTrue(!(crash instanceof WrongExpectedVersionException), () -> "unexpected " + crash);
        }
        for (String stream : streams) {
            assertEquals(0L, await(store.streamVersion(stream)));
            assertEquals(0, countRows("row-" + stream));
        }
        assertEquals(head, (long) await(store.headPosition()), "nothing of the batch was committed");
        AppendResult next = await(store.append(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event("Next"))));
        assertEquals(head + 1, next.firstPosition(), "and it left no hole");
    }

    /**
     * Many writers through the group committer (some racing on shared streams), others appending in their own
     * transactions and sometimes rolling back, while readers page by position: every reader sees every committed
     * position once and in order, the log holds exactly the acknowledged events, and batches really formed.
     */
    @Test
    void concurrentBatchesKeepTheLogDenseAndGapFree() throws Exception {
        int writers = 8;
        long start = await(store.headPosition());
        int largestBefore = store.groupCommitStats().largestBatch();
        Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> shared = List.of(newStream(), newStream());
        ExecutorService threads = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Future<List<Long>>> readers = List.of(threads.submit(() -> readUntilDone(start, writing)),
                    threads.submit(() -> readUntilDone(start, writing)));
            List<Future<?>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                boolean ownTransactions = w == 0;
                written.add(threads.submit(() -> write(150, shared, ownTransactions, acknowledged, conflicts)));
            }
            for (Future<?> writer : written) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            long end = await(store.headPosition());
            assertEquals(acknowledged.size(), end - start, "acknowledged events occupy exactly the new positions");
            for (Future<List<Long>> reader : readers) {
                List<Long> seen = reader.get(1, TimeUnit.MINUTES);
                List<Long> expected = LongStream.rangeClosed(start + 1, end).boxed().toList();
                assertEquals(expected, seen, "a reader saw every position once, in order");
            }
            Map<UUID, Long> stored = new HashMap<>();
            for (RecordedEvent event : await(store.readAll(start, (int) (end - start) + 1))) {
                stored.put(event.eventId(), event.position());
            }
            assertEquals(acknowledged, stored, "the log holds exactly the acknowledged events at their positions");
            assertTrue(conflicts.get() > 0, "the run exercised conflicts");
            assertTrue(store.groupCommitStats().largestBatch() > 1 || largestBefore > 1, "batches formed");
        } finally {
            threads.shutdownNow();
        }
    }

    private Void write(int appends, List<String> shared, boolean ownTransactions, Map<UUID, Long> acknowledged,
                       AtomicInteger conflicts) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String own = newStream();
        long ownVersion = 0;
        for (int i = 0; i < appends; i++) {
            boolean onShared = random.nextInt(4) == 0;
            String stream = onShared ? shared.get(random.nextInt(shared.size())) : own;
            long expected = onShared ? await(store.streamVersion(stream)) : ownVersion;
            List<NewEvent> events = new ArrayList<>();
            for (int e = random.nextInt(3); e >= 0; e--) {
                events.add(event("Stress"));
            }
            List<StreamAppend> append = List.of(new StreamAppend(stream, ExpectedVersion.of(expected), events));
            boolean rollBack = ownTransactions && random.nextInt(5) == 0;
            try {
                AppendResult result = !ownTransactions ? await(store.append(append))
                        : await(pool.withTransaction(tx -> store.append(tx, append).invoke(() -> {
                            if (rollBack) {
                                throw new IllegalStateException("deliberate rollback");
                            }
                        })));
                long position = result.firstPosition();
                for (NewEvent event : events) {
                    acknowledged.put(event.eventId(), position++);
                }
                ownVersion = onShared ? ownVersion : result.versionOf(own);
            } catch (WrongExpectedVersionException e) {
                conflicts.incrementAndGet();
            } catch (IllegalStateException e) {
                // rolled back: its events must be absent
            }
        }
        return null;
    }

    private List<Long> readUntilDone(long start, AtomicBoolean writing) {
        List<Long> seen = new ArrayList<>();
        long last = start;
        while (true) {
            boolean finalPass = !writing.get();
            long head = finalPass ? await(store.headPosition()) : Long.MAX_VALUE;
            List<RecordedEvent> page = await(store.readAll(last, 41));
            for (RecordedEvent event : page) {
                seen.add(event.position());
                last = event.position();
            }
            if (finalPass && last >= head) {
                return seen;
            }
            if (page.isEmpty()) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /**
     * Holds the position lock (and runs {@code otherWriter} in that transaction), starts a plug request whose batch
     * then waits for the lock, submits {@code requests}, which queue meanwhile, and commits: the requests then run in
     * one batch (but for those that must wait for a later one).
     */
    @SafeVarargs
    private List<CompletableFuture<AppendResult>> inOneBatch(Function<SqlConnection, Uni<?>> otherWriter,
                                                             Supplier<Uni<AppendResult>>... requests) throws Exception {
        return inOneBatch(otherWriter, List.of(requests));
    }

    private List<CompletableFuture<AppendResult>> inOneBatch(Function<SqlConnection, Uni<?>> otherWriter,
                                                             List<Supplier<Uni<AppendResult>>> requests) throws Exception {
        SqlConnection holder = await(pool.getConnection());
        try {
            Transaction transaction = await(holder.begin());
            await(holder.query(EventStoreSql.LOCK_POSITIONS).execute());
            await(otherWriter.apply(holder));
            long started = store.groupCommitStats().batches();
            CompletableFuture<AppendResult> plug = store.append(StreamAppend.of(newStream(), ExpectedVersion.noStream(),
                    event("Plug"))).subscribeAsCompletionStage();
            Poll.until(WAIT, "the plug's batch waits for the lock", () -> store.groupCommitStats().batches() == started + 1);
            List<CompletableFuture<AppendResult>> answers = requests.stream()
                    .map(request -> request.get().subscribeAsCompletionStage()).toList();
            Poll.until(WAIT, "the requests queue", () -> store.groupCommitStats().queued() == requests.size());
            await(transaction.commit());
            plug.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<AppendResult> answer : answers) {
                answer.handle((result, failure) -> null).get(10, TimeUnit.SECONDS);
            }
            return answers;
        } finally {
            await(holder.close());
        }
    }

    private static <E extends Throwable> E failure(Class<E> type, CompletableFuture<AppendResult> answer) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(type, thrown.getCause(), () -> "unexpected failure: " + thrown.getCause());
    }

    private long countRows(String key) {
        return await(pool.preparedQuery("SELECT count(*) AS n FROM public.eventstore_test_batch_rows WHERE key = $1")
                .execute(Tuple.of(key))).iterator().next().getLong("n");
    }

    /** A key row per request, as an idempotency record would be. */
    private record Rows(String sql) implements TransactionRows<String> {

        static final String INSERT = """
                INSERT INTO public.eventstore_test_batch_rows (key)
                SELECT k.key
                  FROM unnest($1::int[], $2::text[]) AS k(request_no, key)%s
                 WHERE k.request_no IN (SELECT request_no FROM accepted_requests)""";

        static final Rows PLAIN = new Rows(INSERT.formatted(""));

        /** Terminates its own backend inside the batch statement, before COMMIT. */
        static final Rows CRASHING = new Rows(INSERT.formatted(
                ", LATERAL (SELECT pg_terminate_backend(pg_backend_pid()), pg_sleep(5)) AS crash"));

        @Override
        public void addArguments(Tuple arguments, List<String> rows) {
            arguments.addArrayOfString(rows.toArray(String[]::new));
        }

        @Override
        public Throwable translate(Throwable failure) {
            return failure instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new RowTaken() : failure;
        }
    }

    private static final class RowTaken extends RuntimeException {
    }
}
