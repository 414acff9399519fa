package dev.tally.projection.runtime;

import dev.tally.projection.Applied;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream-version guard, as a pure function of a batch and the stored stream versions. For each record in log
 * order: a version at or below the stream's stored one is a redelivery (dropped); the next version is new (applied,
 * or dead-lettered / skipped / ignored by its kind, all of which take the version); anything higher is a gap, which
 * is never folded: the partition stops at that record (later records of the partition are left for a later poll,
 * which will not come while the partition is paused). Records whose envelope is broken carry no version and are
 * dead-lettered.
 */
public final class BatchPlanner {

    private BatchPlanner() {
    }

    public static <E> BatchPlan<E> plan(List<Incoming<E>> batch, Map<String, Long> storedVersions) {
        List<Applied<E>> toApply = new ArrayList<>();
        Map<String, Long> current = new HashMap<>();
        Map<String, Long> moved = new LinkedHashMap<>();
        Map<Integer, Long> first = new LinkedHashMap<>();
        Map<Integer, Long> next = new HashMap<>();
        Map<Integer, Instant> lastTime = new HashMap<>();
        Map<Integer, Long> lastPosition = new HashMap<>();
        Set<Integer> halted = new HashSet<>();
        List<Long> handled = new ArrayList<>();
        List<Incoming<E>> deadLetters = new ArrayList<>();
        List<BatchPlan.Gap> gaps = new ArrayList<>();
        int redelivered = 0;
        int skipped = 0;
        int ignored = 0;

        for (Incoming<E> in : batch) {
            int partition = in.partition();
            first.putIfAbsent(partition, in.offset());
            if (halted.contains(partition)) {
                continue;
            }
            if (in.kind() == Incoming.Kind.BROKEN_ENVELOPE) {
                deadLetters.add(in);
            } else {
                String stream = in.envelope().streamId();
                long version = in.envelope().streamVersion();
                long stored = current.computeIfAbsent(stream, s -> storedVersions.getOrDefault(s, 0L));
                if (version <= stored) {
                    redelivered++;
                } else if (version > stored + 1) {
                    halted.add(partition);
                    gaps.add(new BatchPlan.Gap(partition, in.offset(), stream, stored + 1, version,
                            in.envelope().position()));
                    continue;
                } else {
                    current.put(stream, version);
                    moved.put(stream, version);
                    switch (in.kind()) {
                        case EVENT -> toApply.add(new Applied<>(in.envelope(), in.decoded()));
                        case IGNORED -> ignored++;
                        case UNKNOWN_TYPE -> skipped++;
                        case BROKEN_EVENT -> deadLetters.add(in);
                        default -> throw new IllegalStateException(in.kind().name());
                    }
                }
            }
            if (in.position() != null) {
                handled.add(in.position());
                lastPosition.put(partition, in.position());
            }
            next.put(partition, in.offset() + 1);
            lastTime.put(partition, in.time());
        }

        Map<Integer, BatchPlan.PartitionStep> partitions = new LinkedHashMap<>();
        first.forEach((partition, firstOffset) -> partitions.put(partition, new BatchPlan.PartitionStep(
                firstOffset, next.getOrDefault(partition, firstOffset), lastTime.get(partition),
                lastPosition.get(partition))));
        long[] positions = handled.stream().mapToLong(Long::longValue).toArray();
        return new BatchPlan<>(List.copyOf(toApply), moved, partitions, positions, List.copyOf(deadLetters),
                redelivered, skipped, ignored, List.copyOf(gaps));
    }
}
