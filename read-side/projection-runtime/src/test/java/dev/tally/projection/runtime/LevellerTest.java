package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which partitions {@link Leveller} holds back: a pure rule, no engine. */
class LevellerTest {

    static final TopicPartition A = new TopicPartition("log", 0);
    static final TopicPartition B = new TopicPartition("log", 1);
    static final TopicPartition C = new TopicPartition("log", 2);

    private final Map<TopicPartition, Long> last = new HashMap<>();

    @Test
    void partitionsMoreThanTheWindowAboveTheFrontierAreHeldBackButNotTheOneFurthestBehind() {
        last.put(A, 1_000L);
        last.put(B, 1_150L);
        last.put(C, 1_300L);
        assertEquals(Set.of(B, C), Leveller.ahead(List.of(A, B, C), last, 900, 100));
        assertEquals(Set.of(C), Leveller.ahead(List.of(A, B, C), last, 1_100, 100), "B is within the window");
        assertEquals(Set.of(), Leveller.ahead(List.of(A, B, C), last, 1_200, 100));
    }

    @Test
    void theOneFurthestBehindStaysReadableEvenWhenAllAreAhead() {
        // The frontier waits for a partition another replica reads (or one at a gap): this consumer goes on with one.
        last.put(A, 5_000L);
        last.put(B, 6_000L);
        assertEquals(Set.of(B), Leveller.ahead(List.of(A, B), last, 100, 100));
        assertEquals(Set.of(), Leveller.ahead(List.of(A), Map.of(A, 5_000L), 100, 100));
    }

    @Test
    void aPartitionNotReadYetCountsAsFurthestBehindAndIsNeverHeldBack() {
        last.put(A, 5_000L);
        last.put(B, 6_000L);
        assertEquals(Set.of(A, B), Leveller.ahead(List.of(A, B, C), last, 100, 100),
                "C has delivered nothing yet: the others wait for it");
    }

    @Test
    void onlyReadablePartitionsCount() {
        // B is paused for something else (a gap, a pending seek): it neither is held back nor holds others back.
        last.put(A, 5_000L);
        last.put(B, 100L);
        last.put(C, 7_000L);
        assertEquals(Set.of(C), Leveller.ahead(List.of(A, C), last, 100, 100));
    }
}
