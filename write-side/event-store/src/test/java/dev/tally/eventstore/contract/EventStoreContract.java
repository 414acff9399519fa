package dev.tally.eventstore.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.tally.eventstore.AppendResult;
import dev.tally.eventstore.DuplicateEventIdException;
import dev.tally.eventstore.EventLog;
import dev.tally.eventstore.ExpectedVersion;
import dev.tally.eventstore.LoadedStream;
import dev.tally.eventstore.NewEvent;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.eventstore.SnapshotCodec;
import dev.tally.eventstore.Snapshots;
import dev.tally.eventstore.StreamAppend;
import dev.tally.eventstore.StreamReader;
import dev.tally.eventstore.StreamWriter;
import dev.tally.eventstore.WrongExpectedVersionException;
import io.smallrye.mutiny.Uni;

/**
 * What every implementation of the event store's roles promises, as tests. Extend it, return your implementation from
 * the four methods (one object may serve all of them) and run it with JUnit 5; see the module's README. The tests
 * share the store with each other and with anything else writing to it: they use fresh stream ids and assert on
 * relations between their own results, never on absolute positions.
 */
public abstract class EventStoreContract {

    /** How long any single store call may take. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    protected abstract StreamWriter writer();

    protected abstract StreamReader reader();

    protected abstract EventLog log();

    protected abstract Snapshots snapshots();

    // --- Expected versions ---

    @Test
    void noStreamCreatesAStreamAndConflictsOnceItExists() {
        String stream = newStream();
        AppendResult created = await(writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), event())));
        assertEquals(1, created.versionOf(stream));

        WrongExpectedVersionException conflict = assertFailsWith(WrongExpectedVersionException.class,
                writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), event())));
        assertEquals(stream, conflict.streamId());
        assertEquals(1L, await(reader().streamVersion(stream)));
    }

    @Test
    void exactlyAStaleOrAheadVersionFailsAndWritesNothing() {
        String stream = newStream();
        await(writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), event(), event())));

        assertFailsWith(WrongExpectedVersionException.class,
                writer().append(StreamAppend.of(stream, ExpectedVersion.exactly(1), event())));
        assertFailsWith(WrongExpectedVersionException.class,
                writer().append(StreamAppend.of(stream, ExpectedVersion.exactly(3), event())));
        assertFailsWith(WrongExpectedVersionException.class,
                writer().append(StreamAppend.of(newStream(), ExpectedVersion.exactly(1), event())));
        assertEquals(2L, await(reader().streamVersion(stream)));

        AppendResult next = await(writer().append(StreamAppend.of(stream, ExpectedVersion.exactly(2), event())));
        assertEquals(3, next.versionOf(stream));
    }

    @Test
    void anyAppendsAfterWhateverTheStreamHolds() {
        String stream = newStream();
        AppendResult first = await(writer().append(StreamAppend.of(stream, ExpectedVersion.any(), event(), event())));
        assertEquals(2, first.versionOf(stream));

        AppendResult second = await(writer().append(StreamAppend.of(stream, ExpectedVersion.any(), event())));
        assertEquals(3, second.versionOf(stream));
        assertEquals(List.of(1L, 2L, 3L), versions(await(reader().readStream(stream, 1))));
    }

    @Test
    void concurrentAnyAppendsToOneStreamAllSucceedWithDistinctVersions() {
        String stream = newStream();
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            appends.add(writer().append(StreamAppend.of(stream, ExpectedVersion.any(), event()))
                    .subscribeAsCompletionStage());
        }
        List<Long> versions = new ArrayList<>();
        for (CompletableFuture<AppendResult> append : appends) {
            versions.add(append.join().versionOf(stream));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), versions.stream().sorted().toList());
        assertEquals(8L, await(reader().streamVersion(stream)));
    }

    @Test
    void aMultiStreamAppendIsAtomic() {
        String fresh = newStream();
        String moved = newStream();
        await(writer().append(StreamAppend.of(moved, ExpectedVersion.noStream(), event())));

        assertFailsWith(WrongExpectedVersionException.class, writer().append(List.of(
                StreamAppend.of(fresh, ExpectedVersion.noStream(), event()),
                StreamAppend.of(moved, ExpectedVersion.noStream(), event()))));
        assertEquals(0L, await(reader().streamVersion(fresh)));
        assertEquals(1L, await(reader().streamVersion(moved)));
    }

    @Test
    void anEmptyAppendOrOneNamingAStreamTwiceIsRejected() {
        String stream = newStream();
        assertFailsWith(IllegalArgumentException.class, writer().append(List.of()));
        assertFailsWith(IllegalArgumentException.class, writer().append(List.of(
                StreamAppend.of(stream, ExpectedVersion.noStream(), event()),
                StreamAppend.of(stream, ExpectedVersion.exactly(1), event()))));
        assertEquals(0L, await(reader().streamVersion(stream)));
    }

    // --- Event ids ---

    @Test
    void aDuplicateEventIdFailsTheAppendAndWritesNothing() {
        NewEvent once = event();
        await(writer().append(StreamAppend.of(newStream(), ExpectedVersion.noStream(), once)));

        String other = newStream();
        assertFailsWith(DuplicateEventIdException.class, writer().append(List.of(
                StreamAppend.of(other, ExpectedVersion.noStream(), event()),
                StreamAppend.of(newStream(), ExpectedVersion.noStream(), once))));
        assertEquals(0L, await(reader().streamVersion(other)));
    }

    // --- AppendResult ---

    @Test
    void theAppendResultListsStreamsInAppendOrder() {
        List<String> streams = new ArrayList<>();
        List<StreamAppend> appends = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Ids whose natural and hash orders differ from the append order.
            String stream = (char) ('z' - i) + "-" + UUID.randomUUID();
            streams.add(stream);
            appends.add(StreamAppend.of(stream, ExpectedVersion.noStream(), event()));
        }
        AppendResult result = await(writer().append(appends));

        assertEquals(streams, List.copyOf(result.newVersions().keySet()));
        assertEquals(result.firstPosition() + streams.size() - 1, result.lastPosition());
    }

    // --- The global log ---

    @Test
    void positionsAreDenseInAppendOrderAndAFailedAppendLeavesNoHole() {
        String stream = newStream();
        NewEvent a = event();
        NewEvent b = event();
        NewEvent c = event();
        AppendResult first = await(writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), a, b)));
        assertEquals(first.firstPosition() + 1, first.lastPosition());
        assertFailsWith(WrongExpectedVersionException.class,
                writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), event())));
        AppendResult second = await(writer().append(StreamAppend.of(stream, ExpectedVersion.exactly(2), c)));

        List<RecordedEvent> page = await(log().readAll(first.firstPosition() - 1, 2));
        assertEquals(List.of(first.firstPosition(), first.lastPosition()), positions(page));
        assertEquals(List.of(a.eventId(), b.eventId()), page.stream().map(RecordedEvent::eventId).toList());

        List<RecordedEvent> all = await(log().readAll(first.firstPosition() - 1, 10_000));
        List<Long> positions = positions(all);
        for (int i = 0; i < positions.size(); i++) {
            assertEquals(first.firstPosition() + i, positions.get(i), "positions have a hole: " + positions);
        }
        assertTrue(positions.contains(second.lastPosition()));
        RecordedEvent third = all.get((int) (second.lastPosition() - first.firstPosition()));
        assertEquals(c.eventId(), third.eventId());
        assertEquals(3, third.streamVersion());
    }

    @Test
    void concurrentAppendsGetDenseDistinctPositions() {
        long before = await(log().headPosition());
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            appends.add(writer().append(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event(), event()))
                    .subscribeAsCompletionStage());
        }
        long highest = 0;
        for (CompletableFuture<AppendResult> append : appends) {
            highest = Math.max(highest, append.join().lastPosition());
        }
        List<Long> positions = positions(await(log().readAll(before, 10_000)));
        assertTrue(positions.size() >= 32);
        for (int i = 0; i < positions.size(); i++) {
            assertEquals(before + 1 + i, positions.get(i), "positions have a hole: " + positions);
        }
        assertTrue(positions.contains(highest));
    }

    @Test
    void theHeadIsAtLeastTheLastCommittedPosition() {
        long before = await(log().headPosition());
        AppendResult result = await(writer().append(StreamAppend.of(newStream(), ExpectedVersion.noStream(), event())));
        long head = await(log().headPosition());
        assertTrue(result.firstPosition() > before);
        assertTrue(head >= result.lastPosition());
        assertEquals(List.of(result.lastPosition()), positions(await(log().readAll(result.lastPosition() - 1, 1))));
    }

    // --- Streams ---

    @Test
    void aStreamReadsBackInVersionOrderFromAVersion() {
        String stream = newStream();
        NewEvent first = NewEvent.of("First", 2, "{\"amount\":9007199254740993}", null);
        await(writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), first, event(), event())));

        List<RecordedEvent> events = await(reader().readStream(stream, 1));
        assertEquals(List.of(1L, 2L, 3L), versions(events));
        assertEquals(first.eventId(), events.get(0).eventId());
        assertEquals("First", events.get(0).type());
        assertEquals(2, events.get(0).schemaVersion());
        assertEquals(List.of(2L, 3L), versions(await(reader().readStream(stream, 2))));
        assertEquals(List.of(2L), versions(await(reader().readStream(stream, 2, 1))));
        assertEquals(3L, await(reader().streamVersion(stream)));
        assertEquals(0L, await(reader().streamVersion(newStream())));
    }

    @Test
    void aLoadFoldsTheWholeStream() {
        String stream = newStream();
        await(writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), event(), event(), event())));

        LoadedStream<Long> loaded = await(reader().load(stream, CountCodec.INSTANCE, 0L, (n, e) -> n + 1));
        assertEquals(3L, loaded.state());
        assertEquals(3, loaded.version());
        assertEquals(ExpectedVersion.exactly(3), loaded.expectedVersion());
        LoadedStream<Long> none = await(reader().load(newStream(), CountCodec.INSTANCE, 0L, (n, e) -> n + 1));
        assertEquals(0, none.version());
        assertEquals(ExpectedVersion.noStream(), none.expectedVersion());
    }

    // --- Snapshots ---

    @Test
    void aSnapshotIsStoredAndNeverReplacedByAnOlderOne() {
        String stream = newStream();
        await(snapshots().saveSnapshot(stream, 20, CountCodec.INSTANCE, 20L));
        await(snapshots().saveSnapshot(stream, 10, CountCodec.INSTANCE, 10L));

        var stored = await(snapshots().loadSnapshot(stream)).orElseThrow();
        assertEquals(20, stored.streamVersion());
        assertEquals(CountCodec.INSTANCE.stateType(), stored.stateType());
        assertEquals(20L, CountCodec.INSTANCE.decode(stored.state()));
        assertTrue(await(snapshots().loadSnapshot(newStream())).isEmpty());
    }

    @Test
    void aLoadStartsFromTheStoredSnapshot() {
        String stream = newStream();
        await(writer().append(StreamAppend.of(stream, ExpectedVersion.noStream(), event(), event(), event())));
        // A state the events alone could not give: proof that the load started from the snapshot.
        await(snapshots().saveSnapshot(stream, 2, CountCodec.INSTANCE, 1000L));

        LoadedStream<Long> loaded = await(reader().load(stream, CountCodec.INSTANCE, 0L, (n, e) -> n + 1));
        assertEquals(1001L, loaded.state());
        assertEquals(3, loaded.version());
        assertEquals(2, loaded.snapshotVersion());
        assertEquals(3L, await(reader().load(stream, 0L, (n, e) -> n + 1)).state(), "a full fold ignores snapshots");
    }

    // --- helpers ---

    protected static String newStream() {
        return "contract-" + UUID.randomUUID();
    }

    protected static NewEvent event() {
        return NewEvent.of("Counted", 1, "{\"n\":1}", null);
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    protected static <E extends Throwable> E assertFailsWith(Class<E> type, Uni<?> uni) {
        Throwable thrown = assertThrows(Throwable.class, () -> uni.await().atMost(WAIT));
        return assertInstanceOf(type, thrown, () -> "unexpected failure: " + thrown);
    }

    private static List<Long> positions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::position).toList();
    }

    private static List<Long> versions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::streamVersion).toList();
    }

    /** A count as snapshot state. */
    private enum CountCodec implements SnapshotCodec<Long> {
        INSTANCE;

        @Override
        public String stateType() {
            return "contract-count";
        }

        @Override
        public int stateVersion() {
            return 1;
        }

        @Override
        public String encode(Long state) {
            return "{\"count\":" + state + "}";
        }

        @Override
        public Long decode(String json) {
            return Long.parseLong(json.replaceAll("[^0-9]", ""));
        }
    }
}
