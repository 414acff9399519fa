package dev.tally.eventstore;

import static dev.tally.eventstore.EventStoreTest.await;
import static dev.tally.eventstore.EventStoreTest.event;
import static dev.tally.eventstore.EventStoreTest.newStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The global position order is gap-free: a reader paging {@code position > last} never skips an event, however the
 * appending transactions interleave and whatever order they commit in. The bigserial control shows the same paging
 * does skip events when positions come from a sequence.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class GapFreeOrderTest {

    private static final Duration BLOCKED_FOR = Duration.ofMillis(400);

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    /** Step by step: a second appender waits for the first to end, so nothing becomes visible out of order. */
    @Test
    void aLaterAppendCannotBecomeVisibleBeforeAnEarlierOneCommits() throws Exception {
        long head = await(store.headPosition());
        SqlConnection first = await(pool.getConnection());
        SqlConnection second = await(pool.getConnection());
        try {
            Transaction firstTx = await(first.begin());
            AppendResult firstResult = await(store.append(first, List.of(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event("A")))));

            Transaction secondTx = await(second.begin());
            CompletableFuture<AppendResult> secondAppend = store.append(second,
                    List.of(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event("B")))).subscribeAsCompletionStage();
            Thread.sleep(BLOCKED_FOR.toMillis());
            assertFalse(secondAppend.isDone(), "second appender must wait for the first one's commit");
            assertTrue(await(store.readAll(head, 10)).isEmpty(), "nothing is visible before a commit");

            await(firstTx.commit());
            AppendResult secondResult = secondAppend.get(10, TimeUnit.SECONDS);
            assertEquals(firstResult.lastPosition() + 1, secondResult.firstPosition());
            assertEquals(List.of(firstResult.lastPosition()), positions(await(store.readAll(head, 10))));

            await(secondTx.commit());
            assertEquals(List.of(firstResult.lastPosition(), secondResult.lastPosition()),
                    positions(await(store.readAll(head, 10))));
        } finally {
            await(first.close());
            await(second.close());
        }
    }

    /** A rolled-back append gives its positions back: the next append reuses them, leaving no hole. */
    @Test
    void aRolledBackAppendLeavesNoHole() {
        long head = await(store.headPosition());
        RuntimeException abort = new RuntimeException("abort after append");
        Throwable failure = null;
        try {
            await(pool.withTransaction(tx -> store.append(tx, List.of(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event("A"))))
                    .invoke(result -> assertEquals(head + 1, result.firstPosition()))
                    .map(result -> {
                        throw abort;
                    })));
        } catch (RuntimeException e) {
            failure = e;
        }
        assertInstanceOf(RuntimeException.class, failure);
        assertEquals(head, (long) await(store.headPosition()));

        AppendResult next = await(store.append(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event("B"))));
        assertEquals(head + 1, next.firstPosition());
    }

    /**
     * Negative control: the same paging over a bigserial table skips an event that commits after a later-numbered
     * one. This is what the position counter exists to prevent.
     */
    @Test
    void bigserialPagingSkipsALateCommit() {
        await(pool.query("CREATE TABLE IF NOT EXISTS public.gapfree_control "
                + "(id bigserial PRIMARY KEY, payload text NOT NULL)").execute());
        long last = await(pool.query("SELECT coalesce(max(id), 0) AS id FROM public.gapfree_control").execute())
                .iterator().next().getLong("id");
        SqlConnection early = await(pool.getConnection());
        SqlConnection late = await(pool.getConnection());
        try {
            Transaction earlyTx = await(early.begin());
            long earlyId = insertControl(early);
            Transaction lateTx = await(late.begin());
            long lateId = insertControl(late);
            assertTrue(earlyId < lateId);
            await(lateTx.commit());

            List<Long> firstPage = readControl(last);
            assertEquals(List.of(lateId), firstPage);
            last = firstPage.get(firstPage.size() - 1);

            await(earlyTx.commit());
            assertEquals(List.of(), readControl(last), "the reader has moved past the late commit");
            assertEquals(List.of(earlyId), readControlIds(earlyId), "yet it is committed");
        } finally {
            await(early.close());
            await(late.close());
        }
    }

    /**
     * Many concurrent appenders, some starting their transaction long before they append (so commits happen out of
     * start order), some holding the position lock before committing, some conflicting or rolling back, while several
     * readers page by position. Every reader must see every position exactly once, consecutively, and in the end
     * exactly the committed events.
     */
    @Test
    void concurrentReadersNeverSkipOrRepeatAPosition() throws Exception {
        int writers = 12;
        int appendsPerWriter = 200;
        int readers = 3;
        long start = await(store.headPosition());
        Map<UUID, Long> committed = new ConcurrentHashMap<>();
        Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> sharedStreams = List.of(newStream(), newStream());

        ExecutorService threads = Executors.newFixedThreadPool(writers + readers);
        try {
            List<Future<List<Long>>> seen = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                seen.add(threads.submit(() -> readUntilDone(start, writing)));
            }
            List<Future<?>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                written.add(threads.submit(() -> {
                    write(appendsPerWriter, sharedStreams, committed, rolledBack, conflicts);
                    return null;
                }));
            }
            long began = System.nanoTime();
            for (Future<?> writer : written) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            System.out.printf("gap-free stress: %d events committed by %d writers in %d ms, %d conflicts, "
                            + "%d events rolled back, %d readers%n", committed.size(), writers,
                    (System.nanoTime() - began) / 1_000_000, conflicts.get(), rolledBack.size(), readers);

            long end = await(store.headPosition());
            assertEquals(committed.size(), end - start, "committed events occupy exactly the new positions");
            for (Future<List<Long>> reader : seen) {
                List<Long> positions = reader.get(1, TimeUnit.MINUTES);
                assertEquals(end - start, positions.size(), "reader saw every position once");
                for (int i = 0; i < positions.size(); i++) {
                    assertEquals(start + 1 + i, positions.get(i), "reader saw positions consecutively");
                }
            }
            Map<UUID, Long> stored = new HashMap<>();
            for (RecordedEvent event : readAllAfter(start)) {
                stored.put(event.eventId(), event.position());
            }
            assertEquals(committed, stored, "the log holds exactly the committed events at their positions");
            assertTrue(Collections.disjoint(rolledBack, stored.keySet()), "rolled-back events are absent");
            assertFalse(rolledBack.isEmpty(), "the run exercised rollbacks");
            assertTrue(conflicts.get() > 0, "the run exercised version conflicts");
        } finally {
            threads.shutdownNow();
        }
    }

    private void write(int appends, List<String> sharedStreams, Map<UUID, Long> committed, Set<UUID> rolledBack,
                       AtomicInteger conflicts) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> ownStreams = List.of(newStream(), newStream(), newStream());
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < appends; i++) {
            List<StreamAppend> batch = new ArrayList<>();
            String stream = random.nextInt(5) == 0 ? sharedStreams.get(random.nextInt(sharedStreams.size()))
                    : ownStreams.get(random.nextInt(ownStreams.size()));
            long expected = sharedStreams.contains(stream) ? await(store.streamVersion(stream))
                    : versions.getOrDefault(stream, 0L);
            batch.add(new StreamAppend(stream, ExpectedVersion.of(expected), events(1 + random.nextInt(3))));
            if (random.nextInt(4) == 0) {
                String other = ownStreams.stream().filter(s -> !s.equals(stream)).findFirst().orElseThrow();
                batch.add(new StreamAppend(other, ExpectedVersion.of(versions.getOrDefault(other, 0L)), events(1)));
            }
            double sleepBefore = random.nextInt(3) == 0 ? random.nextInt(15) / 1000.0 : 0;
            double sleepInside = random.nextInt(20) == 0 ? random.nextInt(4) / 1000.0 : 0;
            boolean rollBack = random.nextInt(15) == 0;
            try {
                // Two ways to append: the pipelined append+commit, and the caller's own transaction, which can
                // also hold the position lock a while before committing, or roll back after appending.
                AppendResult result = sleepInside == 0 && !rollBack
                        ? await(store.append(batch,
                                tx -> tx.preparedQuery("SELECT pg_sleep($1)").execute(Tuple.of(sleepBefore))))
                        : await(pool.withTransaction(tx -> tx
                        .preparedQuery("SELECT pg_sleep($1)").execute(Tuple.of(sleepBefore))
                        .chain(() -> store.append(tx, batch))
                        .call(() -> tx.preparedQuery("SELECT pg_sleep($1)").execute(Tuple.of(sleepInside)))
                        .invoke(() -> {
                            if (rollBack) {
                                throw new RolledBack();
                            }
                        })));
                long position = result.firstPosition();
                for (StreamAppend append : batch) {
                    versions.put(append.streamId(), append.newVersion());
                    for (NewEvent event : append.events()) {
                        committed.put(event.eventId(), position++);
                    }
                }
            } catch (WrongExpectedVersionException e) {
                conflicts.incrementAndGet();
            } catch (RolledBack e) {
                batch.forEach(append -> append.events().forEach(event -> rolledBack.add(event.eventId())));
            }
        }
    }

    /** Pages by position until the writers are done and the head is reached; returns every position seen. */
    private List<Long> readUntilDone(long start, AtomicBoolean writing) {
        List<Long> seen = new ArrayList<>();
        long last = start;
        while (true) {
            boolean finalPass = !writing.get();
            long head = finalPass ? await(store.headPosition()) : Long.MAX_VALUE;
            List<RecordedEvent> page = await(store.readAll(last, 37));
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

    private List<RecordedEvent> readAllAfter(long start) {
        List<RecordedEvent> all = new ArrayList<>();
        long last = start;
        List<RecordedEvent> page;
        do {
            page = await(store.readAll(last, 1000));
            all.addAll(page);
            if (!page.isEmpty()) {
                last = page.get(page.size() - 1).position();
            }
        } while (!page.isEmpty());
        return all;
    }

    private static List<NewEvent> events(int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event("Stress"));
        }
        return events;
    }

    private static List<Long> positions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::position).toList();
    }

    private static long insertControl(SqlConnection connection) {
        return await(connection.query("INSERT INTO public.gapfree_control (payload) VALUES ('x') RETURNING id")
                .execute()).iterator().next().getLong("id");
    }

    private List<Long> readControl(long afterId) {
        List<Long> ids = new ArrayList<>();
        for (Row row : await(pool.preparedQuery("SELECT id FROM public.gapfree_control WHERE id > $1 ORDER BY id")
                .execute(Tuple.of(afterId)))) {
            ids.add(row.getLong("id"));
        }
        return ids;
    }

    private List<Long> readControlIds(long id) {
        List<Long> ids = new ArrayList<>();
        for (Row row : await(pool.preparedQuery("SELECT id FROM public.gapfree_control WHERE id = $1")
                .execute(Tuple.of(id)))) {
            ids.add(row.getLong("id"));
        }
        return ids;
    }

    /** Thrown inside a transaction to roll it back after the append. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("deliberate rollback", null, false, false);
        }
    }
}
