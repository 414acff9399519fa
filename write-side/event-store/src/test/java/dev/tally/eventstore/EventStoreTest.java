package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import dev.tally.eventstore.testing.Poll;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class EventStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    @Test
    void appendsAndReadsBackAStream() {
        String stream = newStream();
        EventMetadata metadata = new EventMetadata("corr-1", "cause-1",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "alice");
        NewEvent first = NewEvent.of("Opened", 2, "{\"owner\":\"o-1\",\"limit\":100}", metadata);
        NewEvent second = NewEvent.of("Changed", 1, "{\"amount\":9007199254740993}", EventMetadata.EMPTY);
        NewEvent third = NewEvent.of("Changed", 1, "{\"amount\":-5,\"nested\":{\"a\":[1,2]}}", null);

        AppendResult result = await(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), first, second, third)));

        assertEquals(3, result.versionOf(stream));
        assertEquals(result.firstPosition() + 2, result.lastPosition());
        List<RecordedEvent> events = await(store.readStream(stream, 1));
        assertEquals(3, events.size());
        for (int i = 0; i < 3; i++) {
            RecordedEvent event = events.get(i);
            assertEquals(stream, event.streamId());
            assertEquals(i + 1, event.streamVersion());
            assertEquals(result.firstPosition() + i, event.position());
            assertNotNull(event.recordedAt());
        }
        assertEquals(first.eventId(), events.get(0).eventId());
        assertEquals("Opened", events.get(0).type());
        assertEquals(2, events.get(0).schemaVersion());
        assertEquals(new JsonObject(first.data()), new JsonObject(events.get(0).data()));
        assertEquals(metadata, events.get(0).metadata());
        // Large integers survive jsonb exactly (no floating point anywhere).
        assertEquals(9007199254740993L, new JsonObject(events.get(1).data()).getLong("amount"));
        assertEquals(EventMetadata.EMPTY, events.get(1).metadata());
        assertEquals(new JsonObject(third.data()), new JsonObject(events.get(2).data()));
        assertFalse(events.get(1).recordedAt().isBefore(events.get(0).recordedAt()));

        assertEquals(3L, await(store.streamVersion(stream)));
        assertEquals(List.of(2L, 3L), await(store.readStream(stream, 2)).stream().map(RecordedEvent::streamVersion).toList());
        assertEquals(1, await(store.readStream(stream, 2, 1)).size());
        assertEquals(0L, await(store.streamVersion(newStream())));
        assertTrue(await(store.headPosition()) >= result.lastPosition());
    }

    @Test
    void staleExpectedVersionIsRejectedAndWritesNothing() {
        String stream = newStream();
        await(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("A"))));
        long head = await(store.headPosition());

        WrongExpectedVersionException wrong = assertFailsWith(WrongExpectedVersionException.class,
                store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("B"))));

        assertEquals(stream, wrong.streamId());
        assertEquals(0, wrong.expectedVersion());
        assertEquals(1, wrong.actualVersion());
        assertEquals(1, await(store.readStream(stream, 1)).size());
        assertEquals(head, (long) await(store.headPosition()));
    }

    @Test
    void expectedVersionAheadOfTheStreamIsRejected() {
        String stream = newStream();
        await(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("A"))));

        WrongExpectedVersionException wrong = assertFailsWith(WrongExpectedVersionException.class,
                store.append(StreamAppend.of(stream, ExpectedVersion.exactly(5), event("B"))));

        assertEquals(5, wrong.expectedVersion());
        assertEquals(1, wrong.actualVersion());
        assertEquals(1L, await(store.streamVersion(stream)));
        assertFailsWith(WrongExpectedVersionException.class,
                store.append(StreamAppend.of(newStream(), ExpectedVersion.exactly(1), event("C"))));
    }

    @Test
    void multiStreamAppendIsAtomic() {
        String fresh = newStream();
        String moved = newStream();
        await(store.append(StreamAppend.of(moved, ExpectedVersion.noStream(), event("A"))));
        long head = await(store.headPosition());

        WrongExpectedVersionException wrong = assertFailsWith(WrongExpectedVersionException.class,
                store.append(List.of(StreamAppend.of(fresh, ExpectedVersion.noStream(), event("X"), event("Y")),
                        StreamAppend.of(moved, ExpectedVersion.noStream(), event("B")))));

        assertEquals(moved, wrong.streamId());
        assertEquals(0L, await(store.streamVersion(fresh)));
        assertEquals(1L, await(store.streamVersion(moved)));
        assertEquals(head, (long) await(store.headPosition()));

        AppendResult ok = await(store.append(List.of(StreamAppend.of(fresh, ExpectedVersion.noStream(), event("X"), event("Y")),
                StreamAppend.of(moved, ExpectedVersion.exactly(1), event("B")))));
        assertEquals(2, ok.versionOf(fresh));
        assertEquals(2, ok.versionOf(moved));
        assertEquals(ok.firstPosition() + 2, ok.lastPosition());
        List<RecordedEvent> all = await(store.readAll(ok.firstPosition() - 1, 3));
        assertEquals(List.of(fresh, fresh, moved), all.stream().map(RecordedEvent::streamId).toList());
    }

    @Test
    void duplicateEventIdIsRejected() {
        NewEvent once = event("A");
        await(store.append(StreamAppend.of(newStream(), ExpectedVersion.noStream(), once)));
        String other = newStream();

        assertFailsWith(DuplicateEventIdException.class, store.append(StreamAppend.of(other, ExpectedVersion.noStream(), once)));
        assertEquals(0L, await(store.streamVersion(other)));
    }

    @Test
    void invalidAppendsAreRefusedBeforeTheDatabase() {
        String stream = newStream();
        assertFailsWith(IllegalArgumentException.class, store.append(List.of()));
        assertFailsWith(IllegalArgumentException.class,
                store.append(List.of(StreamAppend.of(stream, ExpectedVersion.noStream(), event("A")), StreamAppend.of(stream, ExpectedVersion.exactly(1), event("B")))));
        assertThrows(IllegalArgumentException.class, () -> StreamAppend.of(stream, ExpectedVersion.noStream()));
        assertThrows(IllegalArgumentException.class, () -> StreamAppend.of("", ExpectedVersion.noStream(), event("A")));
        assertThrows(IllegalArgumentException.class, () -> NewEvent.of(" ", 1, "{}", null));
        assertThrows(IllegalArgumentException.class, () -> NewEvent.of("A", 0, "{}", null));
        assertEquals(0L, await(store.streamVersion(stream)));
    }

    @Test
    void callerOwnedTransactionCommitsOrRollsBackOtherRowsWithTheEvents() {
        await(pool.query("CREATE TABLE IF NOT EXISTS public.eventstore_test_side_rows (key text PRIMARY KEY)")
                .execute());
        String stream = newStream();
        await(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("A"))));

        String rolledBack = UUID.randomUUID().toString();
        assertFailsWith(WrongExpectedVersionException.class, pool.withTransaction(tx -> tx
                .preparedQuery("INSERT INTO public.eventstore_test_side_rows VALUES ($1)").execute(Tuple.of(rolledBack))
                .chain(() -> store.append(tx, List.of(StreamAppend.of(stream, ExpectedVersion.noStream(), event("B")))))));
        assertEquals(0, countSideRows(rolledBack));

        String committed = UUID.randomUUID().toString();
        AppendResult result = await(pool.withTransaction(tx -> tx
                .preparedQuery("INSERT INTO public.eventstore_test_side_rows VALUES ($1)").execute(Tuple.of(committed))
                .chain(() -> store.append(tx, List.of(StreamAppend.of(stream, ExpectedVersion.exactly(1), event("B")))))));
        assertEquals(1, countSideRows(committed));
        assertEquals(2, result.versionOf(stream));
    }

    @Test
    void pipelinedAppendCommitsOrRollsBackTheSameTransactionWritesWithTheEvents() {
        await(pool.query("CREATE TABLE IF NOT EXISTS public.eventstore_test_side_rows (key text PRIMARY KEY)")
                .execute());
        // A pool of its own, so the first statements run on a connection that must prepare them first: the client
        // must still send the append before the COMMIT queued behind it.
        Pool fresh = io.vertx.mutiny.pgclient.PgPool.pool(vertx, connectOptions().setCachePreparedStatements(true),
                new io.vertx.sqlclient.PoolOptions().setMaxSize(1));
        try {
            EventStore pipelined = new EventStore(fresh, 0, 0);
            String stream = newStream();
            await(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("A"))));
            long head = await(store.headPosition());

            String rolledBack = UUID.randomUUID().toString();
            assertFailsWith(WrongExpectedVersionException.class, pipelined.append(
                    List.of(StreamAppend.of(stream, ExpectedVersion.noStream(), event("B"))), tx -> insertSideRow(tx, rolledBack)));
            assertEquals(0, countSideRows(rolledBack));
            assertEquals(head, (long) await(store.headPosition()));

            String failedSideWrite = UUID.randomUUID().toString();
            insertSideRow(pool, failedSideWrite).await().atMost(WAIT);
            assertFailsWith(io.vertx.pgclient.PgException.class, pipelined.append(
                    List.of(StreamAppend.of(stream, ExpectedVersion.exactly(1), event("B"))), tx -> insertSideRow(tx, failedSideWrite)));
            assertEquals(1L, await(store.streamVersion(stream)), "events appended although the side write failed");

            String committed = UUID.randomUUID().toString();
            AppendResult result = await(pipelined.append(List.of(StreamAppend.of(stream, ExpectedVersion.exactly(1), event("B"))),
                    tx -> insertSideRow(tx, committed)));
            assertEquals(1, countSideRows(committed));
            assertEquals(2, result.versionOf(stream));
            assertEquals(head + 1, result.lastPosition());
            assertEquals(2L, await(store.streamVersion(stream)));
            // The pool's one connection is outside any transaction: each statement is its own.
            assertTrue(await(fresh.query("SELECT now() = statement_timestamp() AS own").execute()).iterator().next()
                    .getBoolean("own"));
        } finally {
            await(fresh.close());
        }
    }

    @Test
    void awaitDurableReturnsOnlyOnceEarlierAsynchronousCommitsAreFlushed() {
        await(pool.query("CREATE TABLE IF NOT EXISTS public.eventstore_test_side_rows (key text PRIMARY KEY)")
                .execute());
        // An asynchronous commit leaves its WAL unflushed for up to wal_writer_delay (200 ms by default).
        String key = UUID.randomUUID().toString();
        String committedAt = await(pool.withConnection(connection -> connection
                .query("BEGIN; SET LOCAL synchronous_commit TO off").execute()
                .chain(() -> insertSideRow(connection, key))
                .chain(() -> connection.query("COMMIT").execute())
                .chain(() -> connection.query("SELECT pg_current_wal_insert_lsn()::text AS lsn").execute())))
                .iterator().next().getString("lsn");

        await(store.awaitDurable(pool));

        assertTrue(await(pool.preparedQuery("SELECT pg_current_wal_flush_lsn() >= $1::text::pg_lsn AS flushed")
                .execute(Tuple.of(committedAt))).iterator().next().getBoolean("flushed"));
    }

    private static Uni<?> insertSideRow(io.vertx.mutiny.sqlclient.SqlClient client, String key) {
        return client.preparedQuery("INSERT INTO public.eventstore_test_side_rows VALUES ($1)").execute(Tuple.of(key));
    }

    @Test
    void snapshotLoadEqualsTheFullFold() {
        String stream = newStream();
        long version = 0;
        List<Long> amounts = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long amount = (batch * 50L + i) * 7 % 101 - 50;
                amounts.add(amount);
                events.add(NewEvent.of("Counted", 1, "{\"amount\":" + amount + "}", null));
            }
            version = await(store.append(new StreamAppend(stream, ExpectedVersion.of(version), events))).versionOf(stream);
        }
        assertEquals(250, version);
        assertTrue(await(store.loadSnapshot(stream)).isEmpty());

        // Stored snapshots, seen by a store without an in-memory state cache (like another replica).
        EventStore uncached = new EventStore(pool, 100, 0);
        LoadedStream<Tally> cold = await(uncached.load(stream, Tally.CODEC, Tally.ZERO, Tally::evolve));
        assertEquals(0, cold.snapshotVersion());
        assertEquals(250, cold.eventsReplayed());
        assertEquals(new Tally(amounts.size(), amounts.stream().mapToLong(Long::longValue).sum()), cold.state());
        // The long replay triggered a snapshot in the background.
        Poll.until(WAIT, "a snapshot at version 250 exists",
                () -> await(store.loadSnapshot(stream)).map(s -> s.streamVersion() == 250).orElse(false));

        List<NewEvent> more = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            more.add(NewEvent.of("Counted", 1, "{\"amount\":" + (i * 3 - 40) + "}", null));
        }
        await(store.append(new StreamAppend(stream, ExpectedVersion.exactly(250), more)));

        LoadedStream<Tally> warm = await(uncached.load(stream, Tally.CODEC, Tally.ZERO, Tally::evolve));
        LoadedStream<Tally> full = await(store.load(stream, Tally.ZERO, Tally::evolve));
        assertEquals(250, warm.snapshotVersion());
        assertEquals(30, warm.eventsReplayed());
        assertEquals(280, warm.version());
        assertEquals(full.state(), warm.state());
        assertEquals(280, full.version());
        assertEquals(280, full.eventsReplayed());

        // The state cache: the second load starts from the state the first one folded and reads only what was
        // appended since, including appends by other writers.
        LoadedStream<Tally> first = await(store.load(stream, Tally.CODEC, Tally.ZERO, Tally::evolve));
        assertEquals(full.state(), first.state());
        await(uncached.append(new StreamAppend(stream, ExpectedVersion.exactly(280), List.of(
                NewEvent.of("Counted", 1, "{\"amount\":1000}", null), NewEvent.of("Counted", 1, "{\"amount\":-3}", null)))));
        LoadedStream<Tally> cached = await(store.load(stream, Tally.CODEC, Tally.ZERO, Tally::evolve));
        assertEquals(280, cached.snapshotVersion());
        assertEquals(2, cached.eventsReplayed());
        assertEquals(282, cached.version());
        assertEquals(await(store.load(stream, Tally.ZERO, Tally::evolve)).state(), cached.state());
        assertEquals(new Tally(full.state().count() + 2, full.state().sum() + 997), cached.state());

        // An older snapshot never replaces a newer one of the same codec.
        await(store.saveSnapshot(stream, 10, Tally.CODEC, Tally.ZERO));
        assertEquals(250, await(store.loadSnapshot(stream)).orElseThrow().streamVersion());

        // A codec of another state version ignores the stored snapshot, folds everything, and takes over.
        LoadedStream<Tally> otherCodec = await(uncached.load(stream, Tally.CODEC_V2, Tally.ZERO, Tally::evolve));
        assertEquals(0, otherCodec.snapshotVersion());
        assertEquals(282, otherCodec.eventsReplayed());
        assertEquals(cached.state(), otherCodec.state());
        Poll.until(WAIT, "the new codec's snapshot replaces the old one",
                () -> await(store.loadSnapshot(stream)).map(s -> s.stateVersion() == 2).orElse(false));
        assertEquals(282, await(store.loadSnapshot(stream)).orElseThrow().streamVersion());

        // Callers with states of their own store snapshots as appends cross multiples of snapshot-every.
        String own = newStream();
        store.snapshotIfDue(own, 98, 99, Tally.CODEC, new Tally(99, 1));
        store.snapshotIfDue(own, 99, 101, Tally.CODEC, new Tally(101, 2));
        Poll.until(WAIT, "a snapshot at version 101 exists",
                () -> await(store.loadSnapshot(own)).map(s -> s.streamVersion() == 101).orElse(false));
        assertEquals(new Tally(101, 2), Tally.CODEC.decode(await(store.loadSnapshot(own)).orElseThrow().state()));

        LoadedStream<Tally> none = await(store.load(newStream(), Tally.CODEC, Tally.ZERO, Tally::evolve));
        assertFalse(none.exists());
        assertEquals(Tally.ZERO, none.state());
    }

    @Test
    void notificationCarriesTheLastPositionAndArrivesOnlyAtCommit() throws Exception {
        var listener = io.vertx.mutiny.pgclient.PgConnection.connect(vertx, connectOptions()).await().atMost(WAIT);
        try {
            List<String> payloads = new java.util.concurrent.CopyOnWriteArrayList<>();
            listener.notificationHandler(n -> payloads.add(n.getPayload()));
            await(listener.query("LISTEN " + EventStore.APPENDED_CHANNEL).execute());

            var connection = await(pool.getConnection());
            try {
                var tx = await(connection.begin());
                AppendResult result = await(store.append(connection, List.of(StreamAppend.of(newStream(), ExpectedVersion.noStream(),
                        event("A"), event("B")))));
                Thread.sleep(300);
                assertFalse(payloads.contains(Long.toString(result.lastPosition())), "notified before commit");
                await(tx.commit());
                Poll.until(WAIT, "the commit is notified", () -> payloads.contains(Long.toString(result.lastPosition())));
            } finally {
                await(connection.close());
            }
        } finally {
            await(listener.close());
        }
    }

    static io.vertx.pgclient.PgConnectOptions connectOptions() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0];
        var options = io.vertx.pgclient.PgConnectOptions.fromUri(url.replace("vertx-reactive:", ""));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }

    private long countSideRows(String key) {
        return await(pool.preparedQuery("SELECT count(*) AS n FROM public.eventstore_test_side_rows WHERE key = $1")
                .execute(Tuple.of(key))).iterator().next().getLong("n");
    }

    static String newStream() {
        return "test-" + UUID.randomUUID();
    }

    static NewEvent event(String type) {
        return NewEvent.of(type, 1, "{\"n\":1}", null);
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    static <E extends Throwable> E assertFailsWith(Class<E> type, Uni<?> uni) {
        Throwable thrown = assertThrows(Throwable.class, () -> uni.await().atMost(WAIT));
        return assertInstanceOf(type, thrown, () -> "unexpected failure: " + thrown);
    }

    /** A count and sum over "amount" fields: the caller-side fold the snapshot must reproduce. */
    record Tally(long count, long sum) {
        static final Tally ZERO = new Tally(0, 0);
        static final SnapshotCodec<Tally> CODEC = codec(1);
        static final SnapshotCodec<Tally> CODEC_V2 = codec(2);

        static Tally evolve(Tally state, RecordedEvent event) {
            return new Tally(state.count + 1, state.sum + new JsonObject(event.data()).getLong("amount"));
        }

        static SnapshotCodec<Tally> codec(int version) {
            return new SnapshotCodec<>() {
                @Override
                public String stateType() {
                    return "test-tally";
                }

                @Override
                public int stateVersion() {
                    return version;
                }

                @Override
                public String encode(Tally state) {
                    return new JsonObject().put("count", state.count).put("sum", state.sum).encode();
                }

                @Override
                public Tally decode(String json) {
                    JsonObject object = new JsonObject(json);
                    return new Tally(object.getLong("count"), object.getLong("sum"));
                }
            };
        }
    }
}
