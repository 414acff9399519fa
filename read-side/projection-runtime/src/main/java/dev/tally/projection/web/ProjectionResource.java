package dev.tally.projection.web;

import dev.tally.projection.runtime.BatchPlan;
import dev.tally.projection.runtime.CheckpointRow;
import dev.tally.projection.runtime.Checkpoints;
import dev.tally.projection.runtime.LiveFrontier;
import dev.tally.projection.runtime.Progress;
import dev.tally.projection.runtime.ProgressStore;
import dev.tally.projection.runtime.ProjectionConfig;
import dev.tally.projection.runtime.ProjectionState;
import dev.tally.projection.runtime.Rebuilds;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Progress of the view's projection, and its zero-downtime rebuild. Who may call them is the service's configuration
 * ({@code tally.security.projection-read-roles}, {@code tally.security.projection-rebuild-roles}; admin by default),
 * enforced when the service has a security extension.
 */
@Path("/projection")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionResource {

    private final ProjectionConfig config;
    private final ProgressStore progress;
    private final Checkpoints checkpoints;
    private final ProjectionState state;
    private final LiveFrontier frontier;
    private final Rebuilds rebuilds;

    ProjectionResource(ProjectionConfig config, ProgressStore progress, Checkpoints checkpoints,
                       ProjectionState state, LiveFrontier frontier, Rebuilds rebuilds) {
        this.config = config;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.state = state;
        this.frontier = frontier;
        this.rebuilds = rebuilds;
    }

    @GET
    @RolesAllowed("${tally.security.projection-read-roles:admin}")
    public Uni<ProjectionReport> report() {
        int generation = frontier.generation();
        ProjectionState.RebuildProgress rebuild = state.rebuild();
        Uni<Optional<Progress>> rebuildProgress = rebuild == null
                ? Uni.createFrom().item(Optional.empty()) : progress.progress(rebuild.generation());
        // The report must answer while PostgreSQL is away (that is when it matters): durable figures are then absent.
        return Uni.combine().all().unis(
                        progress.progress(generation).onFailure().recoverWithItem(Optional.empty()),
                        checkpoints.rows(generation).onFailure().recoverWithItem(List.of()),
                        rebuildProgress.onFailure().recoverWithItem(Optional.empty()))
                .with((stored, rows, rebuilt) -> build(generation, stored.orElse(null), rows,
                        rebuild, rebuilt.orElse(null)));
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed("${tally.security.projection-rebuild-roles:admin}")
    public Uni<Response> rebuild() {
        return rebuilds.start().map(n -> Response.accepted(new RebuildStarted(n, "/projection")).build());
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record RebuildStarted(int generation, String progress) {
    }

    private ProjectionReport build(int generation, Progress progress,
                                   List<CheckpointRow> checkpoints,
                                   ProjectionState.RebuildProgress rebuild, Progress rebuilt) {
        Map<Integer, Long> ends = state.endOffsets();
        Map<Integer, CheckpointRow> byPartition = new TreeMap<>();
        checkpoints.forEach(c -> byPartition.put(c.partition(), c));
        TreeMap<Integer, Boolean> all = new TreeMap<>();
        byPartition.keySet().forEach(p -> all.put(p, true));
        ends.keySet().forEach(p -> all.put(p, true));
        Instant now = Instant.now();
        List<ProjectionReport.PartitionReport> partitions = new ArrayList<>();
        long totalLag = 0;
        Long maxLagSeconds = 0L;
        for (int p : all.keySet()) {
            CheckpointRow c = byPartition.get(p);
            Long next = c == null ? null : c.nextOffset();
            Long end = ends.get(p);
            Long lag = end == null ? null : Math.max(0, end - (next == null ? 0 : next));
            Instant last = c == null ? null : c.lastEventTime();
            Long lagSeconds = lag == null ? null : lag == 0 ? Long.valueOf(0)
                    : last == null ? null : Long.valueOf(Math.max(0, Duration.between(last, now).toSeconds()));
            if (lag != null) {
                totalLag += lag;
            }
            if (lag != null && lag > 0) {
                maxLagSeconds = lagSeconds == null || maxLagSeconds == null ? null
                        : Long.valueOf(Math.max(maxLagSeconds, lagSeconds));
            }
            partitions.add(new ProjectionReport.PartitionReport(p, next, end, lag, lagSeconds, last, state.isAssigned(p)));
        }
        List<ProjectionReport.GapReport> gaps = state.openGaps().stream()
                .map((BatchPlan.Gap g) -> new ProjectionReport.GapReport(g.partition(), g.offset(), g.streamId(),
                        g.expected(), g.got(), g.position()))
                .toList();
        return new ProjectionReport(config.view(), config.topic(), state.status(), state.failure(), generation,
                frontier.frontier(),
                progress == null ? 0 : progress.applied(),
                progress == null ? 0 : progress.redelivered(),
                progress == null ? 0 : progress.deadLettered(),
                progress == null ? 0 : progress.skipped(),
                progress == null ? 0 : progress.ignored(),
                state.gapsSeen(), gaps, totalLag, maxLagSeconds, partitions,
                new ProjectionReport.BatchReport(state.lastBatchSize(), Math.round(state.lastBatchEventsPerSecond())),
                rebuildReport(rebuild, rebuilt));
    }

    private static ProjectionReport.RebuildReport rebuildReport(ProjectionState.RebuildProgress rebuild,
                                                                Progress rebuilt) {
        if (rebuild == null) {
            return null;
        }
        long folded = rebuild.nextOffsets().values().stream().mapToLong(Long::longValue).sum();
        long target = rebuild.endOffsets().values().stream().mapToLong(Long::longValue).sum();
        int percent = target == 0 ? 100 : (int) Math.min(100, folded * 100 / target);
        return new ProjectionReport.RebuildReport(rebuild.generation(), rebuild.phase().describe(rebuild.stuckAt()),
                rebuild.startedAt(),
                rebuilt == null ? rebuild.frontier() : rebuilt.frontier(),
                rebuilt == null ? 0 : rebuilt.applied(), folded, target, percent, rebuild.failure());
    }
}
