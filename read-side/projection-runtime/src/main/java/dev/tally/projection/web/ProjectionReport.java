package dev.tally.projection.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.projection.runtime.ProjectionStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /projection}: how far the view has folded the log. Counters are durable totals of the active generation
 * (all replicas); {@code gaps} counts gaps this replica has met since it started. {@code status} is written as the
 * constant's name ({@code "RUNNING"}, ...).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProjectionReport(
        String view,
        String topic,
        ProjectionStatus status,
        String failure,
        int activeGeneration,
        long frontier,
        long eventsApplied,
        long redelivered,
        long deadLettered,
        long skipped,
        long ignored,
        long gaps,
        List<GapReport> openGaps,
        long lagEvents,
        Long lagSeconds,
        List<PartitionReport> partitions,
        BatchReport lastBatch,
        RebuildReport rebuild) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartitionReport(int partition, Long nextOffset, Long endOffset, Long lagEvents, Long lagSeconds,
                                  Instant lastEventTime, boolean assignedHere) {
    }

    @RegisterForReflection
    public record GapReport(int partition, long offset, String streamId, long expectedVersion, long gotVersion,
                            long position) {
    }

    @RegisterForReflection
    public record BatchReport(long events, long eventsPerSecond) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RebuildReport(int generation, String phase, Instant startedAt, long frontier, long eventsApplied,
                                long folded, long target, int percent, String failure) {
    }
}
