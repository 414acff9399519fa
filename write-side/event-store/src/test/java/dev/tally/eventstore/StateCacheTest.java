package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StateCacheTest {

    private static final SnapshotCodec<String> V1 = TextCodec.of("text", 1);
    private static final SnapshotCodec<String> V2 = TextCodec.of("text", 2);

    @Test
    void evictsTheLeastRecentlyUsedStream() {
        StateCache cache = new StateCache(2);
        cache.put("a", entry(V1, "A", 1));
        cache.put("b", entry(V1, "B", 1));
        assertNotNull(cache.get("a", V1)); // a is now more recent than b
        cache.put("c", entry(V1, "C", 1));

        assertNotNull(cache.get("a", V1));
        assertNull(cache.get("b", V1));
        assertNotNull(cache.get("c", V1));
    }

    @Test
    void keepsTheNewestOfConcurrentLoadsAndIgnoresOtherShapes() {
        StateCache cache = new StateCache(10);
        cache.put("s", entry(V1, "at 5", 5));
        cache.put("s", entry(V1, "at 3", 3));
        assertEquals("at 5", cache.get("s", V1).state());
        assertNull(cache.get("s", V2), "a state of another shape is not handed out");

        cache.put("s", entry(V2, "v2 at 1", 1));
        assertEquals("v2 at 1", cache.get("s", V2).state());
        assertNull(cache.get("s", V1));
    }

    private static StateCache.Entry entry(SnapshotCodec<String> codec, String state, long version) {
        return new StateCache.Entry(codec.stateType(), codec.stateVersion(), state, version, 0);
    }
}
