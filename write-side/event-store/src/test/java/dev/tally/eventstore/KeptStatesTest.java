package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The store's one state cache as callers that decide on kept states use it. No database: the store below has no pool
 * at all, so a kept state is evidently served without reading anything.
 */
class KeptStatesTest {

    private static final SnapshotCodec<String> CODEC = TextCodec.of("text", 1);
    private final EventStore store = new EventStore(null, 0, 10);

    @Test
    void aKeptStateIsServedWithoutReadingTheStore() {
        store.keep("s", CODEC, 3, 5, "state at 5");

        LoadedStream<String> kept = store.kept("s", CODEC).orElseThrow();
        assertEquals("state at 5", kept.state());
        assertEquals(5, kept.version());
        assertEquals(ExpectedVersion.exactly(5), kept.expectedVersion());
        assertEquals(0, kept.eventsReplayed());
    }

    @Test
    void anOlderStateNeverReplacesANewerOne() {
        store.keep("s", CODEC, 5, 7, "state at 7");
        store.keep("s", CODEC, 3, 5, "state at 5");
        assertEquals(7, store.kept("s", CODEC).orElseThrow().version());
    }

    @Test
    void aStateIsKeptPerCodecShapeAndCanBeForgotten() {
        store.keep("s", CODEC, 0, 1, "v1 shape");
        assertTrue(store.kept("s", TextCodec.of("text", 2)).isEmpty());
        assertTrue(store.kept("other", CODEC).isEmpty());

        store.forget("s");
        assertTrue(store.kept("s", CODEC).isEmpty());
    }

    @Test
    void withTheCacheOffNothingIsKept() {
        EventStore uncached = new EventStore(null, 0, 0);
        uncached.keep("s", CODEC, 0, 1, "state");
        assertTrue(uncached.kept("s", CODEC).isEmpty());
    }
}
