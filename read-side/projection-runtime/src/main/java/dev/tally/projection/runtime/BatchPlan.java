package dev.tally.projection.runtime;

import dev.tally.projection.Applied;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one poll batch does to a generation, decided before the transaction: {@link BatchPlanner#plan}.
 *
 * @param toApply        events to hand to {@link dev.tally.projection.Projection#apply}, in log order
 * @param streamVersions new version per stream the batch moved (applied, dead-lettered, skipped or ignored events all
 *                       take their version: the next version of that stream must follow them)
 * @param partitions     per partition of the batch: where the batch started and the checkpoint it leaves
 * @param handled        global positions the batch handled (for the frontier)
 * @param deadLetters    records to dead-letter, with their reason
 * @param redelivered    events dropped because their stream already has that version
 * @param skipped        events of unknown (newer) types
 * @param ignored        events the view does not care about
 * @param gaps           streams whose next event is missing: their partition stops at the gapped record
 */
public record BatchPlan<E>(
        List<Applied<E>> toApply,
        Map<String, Long> streamVersions,
        Map<Integer, PartitionStep> partitions,
        long[] handled,
        List<Incoming<E>> deadLetters,
        int redelivered,
        int skipped,
        int ignored,
        List<Gap> gaps) {

    /**
     * @param firstOffset    offset of the first record of this partition in the batch
     * @param nextOffset     checkpoint after the batch: one past the last handled record, or {@code firstOffset}
     *                       when the first record is gapped
     * @param lastEventTime  time of the last handled event; null if none was handled
     * @param lastPosition   global position of the last handled record that has one; null if none
     */
    public record PartitionStep(long firstOffset, long nextOffset, Instant lastEventTime, Long lastPosition) {
    }

    /** A stream's next event is missing: the record at {@code offset} has version {@code got}, not {@code expected}. */
    public record Gap(int partition, long offset, String streamId, long expected, long got, long position) {
    }

    public int handledCount() {
        return handled.length;
    }
}
