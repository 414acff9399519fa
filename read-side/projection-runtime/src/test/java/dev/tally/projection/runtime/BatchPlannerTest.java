package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.envelope.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The stream-version guard as a pure function: no engine. */
class BatchPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Incoming<String>> batch = new ArrayList<>();
    private final Map<Integer, Long> offsets = new java.util.HashMap<>();

    private void event(int partition, String stream, long version, long position, Incoming.Kind kind) {
        long offset = offsets.merge(partition, 1L, Long::sum) - 1 + 100;
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), "T", 1, stream, version, position,
                T0.plusSeconds(position), null, null, null, null, "{}".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("log", partition, offset, null, null);
        batch.add(new Incoming<>(record, envelope, kind, kind == Incoming.Kind.EVENT ? stream + "@" + version : null,
                kind == Incoming.Kind.EVENT ? null : "because", position));
    }

    private void brokenEnvelope(int partition, Long position) {
        long offset = offsets.merge(partition, 1L, Long::sum) - 1 + 100;
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("log", partition, offset, null, null);
        batch.add(new Incoming<>(record, null, Incoming.Kind.BROKEN_ENVELOPE, null, "garbage", position));
    }

    @Test
    void appliesNextVersionsAndDropsRedeliveries() {
        event(0, "a", 1, 1, Incoming.Kind.EVENT);
        event(0, "a", 2, 2, Incoming.Kind.EVENT);
        event(0, "a", 3, 3, Incoming.Kind.EVENT);
        event(1, "b", 5, 4, Incoming.Kind.EVENT);
        event(1, "b", 6, 5, Incoming.Kind.EVENT);

        BatchPlan<String> plan = BatchPlanner.plan(batch, Map.of("a", 2L, "b", 5L));

        assertEquals(List.of("a@3", "b@6"), plan.toApply().stream().map(a -> a.event()).toList());
        assertEquals(3, plan.redelivered());
        assertEquals(Map.of("a", 3L, "b", 6L), plan.streamVersions());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, plan.handled(), "duplicates are handled positions too");
        assertEquals(new BatchPlan.PartitionStep(100, 103, T0.plusSeconds(3), 3L), plan.partitions().get(0));
        assertEquals(new BatchPlan.PartitionStep(100, 102, T0.plusSeconds(5), 5L), plan.partitions().get(1));
        assertTrue(plan.gaps().isEmpty());
    }

    @Test
    void aGapStopsItsPartitionButNotTheOthers() {
        event(0, "a", 1, 1, Incoming.Kind.EVENT);
        event(0, "a", 3, 2, Incoming.Kind.EVENT); // version 2 is missing
        event(0, "c", 1, 3, Incoming.Kind.EVENT); // same partition, after the gap: not folded
        event(1, "b", 1, 4, Incoming.Kind.EVENT);

        BatchPlan<String> plan = BatchPlanner.plan(batch, Map.of());

        assertEquals(List.of("a@1", "b@1"), plan.toApply().stream().map(a -> a.event()).toList());
        assertEquals(List.of(new BatchPlan.Gap(0, 101, "a", 2, 3, 2)), plan.gaps());
        assertEquals(101, plan.partitions().get(0).nextOffset(), "checkpoint stops at the gapped record");
        assertEquals(101, plan.partitions().get(1).nextOffset());
        assertEquals(Map.of("a", 1L, "b", 1L), plan.streamVersions());
        assertArrayEquals(new long[] {1, 4}, plan.handled());
    }

    @Test
    void aGapOnTheFirstRecordLeavesTheCheckpointWhereItWas() {
        event(2, "a", 7, 9, Incoming.Kind.EVENT);

        BatchPlan<String> plan = BatchPlanner.plan(batch, Map.of("a", 5L));

        assertTrue(plan.toApply().isEmpty());
        assertEquals(new BatchPlan.PartitionStep(100, 100, null, null), plan.partitions().get(2));
        assertEquals(0, plan.handled().length);
    }

    @Test
    void poisonSkippedAndIgnoredEventsTakeTheirVersionSoTheStreamGoesOn() {
        event(0, "a", 1, 1, Incoming.Kind.EVENT);
        event(0, "a", 2, 2, Incoming.Kind.BROKEN_EVENT);
        event(0, "a", 3, 3, Incoming.Kind.UNKNOWN_TYPE);
        event(0, "a", 4, 4, Incoming.Kind.IGNORED);
        event(0, "a", 5, 5, Incoming.Kind.EVENT);

        BatchPlan<String> plan = BatchPlanner.plan(batch, Map.of());

        assertEquals(List.of("a@1", "a@5"), plan.toApply().stream().map(a -> a.event()).toList());
        assertEquals(1, plan.deadLetters().size());
        assertEquals(2, plan.deadLetters().get(0).envelope().streamVersion());
        assertEquals(1, plan.skipped());
        assertEquals(1, plan.ignored());
        assertEquals(Map.of("a", 5L), plan.streamVersions());
        assertTrue(plan.gaps().isEmpty());
    }

    @Test
    void aRedeliveredPoisonEventIsNotDeadLetteredAgain() {
        event(0, "a", 2, 2, Incoming.Kind.BROKEN_EVENT);

        BatchPlan<String> plan = BatchPlanner.plan(batch, Map.of("a", 2L));

        assertTrue(plan.deadLetters().isEmpty());
        assertEquals(1, plan.redelivered());
    }

    @Test
    void aBrokenEnvelopeIsDeadLetteredAndCountsItsPositionWhenItHasOne() {
        event(0, "a", 1, 1, Incoming.Kind.EVENT);
        brokenEnvelope(0, 2L);
        brokenEnvelope(0, null);
        event(0, "a", 2, 3, Incoming.Kind.EVENT);

        BatchPlan<String> plan = BatchPlanner.plan(batch, Map.of());

        assertEquals(2, plan.deadLetters().size());
        assertArrayEquals(new long[] {1, 2, 3}, plan.handled());
        assertEquals(104, plan.partitions().get(0).nextOffset());
        assertNull(plan.deadLetters().get(1).position());
    }
}
