package dev.tally.projection.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this replica's consumers know right now, for {@code GET /projection} and readiness: the loop's health, gaps,
 * end offsets, and the rebuild's progress. Durable counters (applied, redelivered, ...) are in PostgreSQL.
 */
@ApplicationScoped
public class ProjectionState {

    private final ProjectionConfig config;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<String> kafkaFailure = new AtomicReference<>();
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private final AtomicLong gapsSeen = new AtomicLong();
    private final Map<Integer, BatchPlan.Gap> openGaps = new ConcurrentHashMap<>();
    private final Map<Integer, Long> endOffsets = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> assigned = new ConcurrentHashMap<>();
    private final AtomicReference<RebuildProgress> rebuild = new AtomicReference<>();
    private volatile boolean started;
    private volatile boolean disabled;
    private volatile long lastBatchSize;
    private volatile double lastBatchEventsPerSecond;
    private volatile ProjectionObserver observer = ProjectionObserver.NONE;

    ProjectionState(ProjectionConfig config) {
        this.config = config;
    }

    /**
     * A running rebuild, as the rebuild consumer last reported it.
     *
     * @param stuckAt the gap that stopped it when {@code phase} is {@link RebuildPhase#STUCK_AT_GAP}, else null
     */
    public record RebuildProgress(int generation, Instant startedAt, RebuildPhase phase, BatchPlan.Gap stuckAt,
                                  Map<Integer, Long> nextOffsets, Map<Integer, Long> endOffsets, long frontier,
                                  String failure) {
    }

    public ProjectionStatus status() {
        if (disabled) {
            return ProjectionStatus.DISABLED;
        }
        if (!started) {
            return ProjectionStatus.STARTING;
        }
        if (failure() != null) {
            return ProjectionStatus.DOWN;
        }
        if (!openGaps.isEmpty()) {
            return ProjectionStatus.DEGRADED;
        }
        if (rebuild.get() != null) {
            return ProjectionStatus.REBUILDING;
        }
        return totalLag() > config.catchingUpLag() ? ProjectionStatus.CATCHING_UP : ProjectionStatus.RUNNING;
    }

    public void started() {
        started = true;
    }

    public void disabled() {
        disabled = true;
    }

    public void healthy() {
        failure.set(null);
        failingSince.set(null);
    }

    public void failing(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        failure.set(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
        failingSince.compareAndSet(null, Instant.now());
    }

    /** Why the loop is failing (database or Kafka), or null. */
    public String failure() {
        String f = failure.get();
        return f != null ? f : kafkaFailure.get();
    }

    /** Null when end offsets could be fetched; else why not. */
    public void kafkaReachable(String problem) {
        kafkaFailure.set(problem);
    }

    public Instant failingSince() {
        return failingSince.get();
    }

    public void gap(BatchPlan.Gap gap) {
        gapsSeen.incrementAndGet();
        openGaps.put(gap.partition(), gap);
    }

    public void clearGap(int partition) {
        openGaps.remove(partition);
    }

    public void clearGaps() {
        openGaps.clear();
    }

    public long gapsSeen() {
        return gapsSeen.get();
    }

    public List<BatchPlan.Gap> openGaps() {
        return List.copyOf(openGaps.values());
    }

    public void endOffsets(Map<Integer, Long> offsets) {
        endOffsets.putAll(offsets);
    }

    public Map<Integer, Long> endOffsets() {
        return Map.copyOf(endOffsets);
    }

    public void assigned(int partition, boolean isAssigned) {
        if (isAssigned) {
            assigned.put(partition, true);
        } else {
            assigned.remove(partition);
            lag.remove(partition);
        }
    }

    public boolean isAssigned(int partition) {
        return assigned.containsKey(partition);
    }

    /** Lag of this replica's assigned partitions, as the consumer loop last measured it. */
    public void lag(int partition, long records) {
        lag.put(partition, Math.max(0, records));
    }

    /** The last measured lag of a partition assigned to this replica, or null if not assigned or not measured. */
    public Long lagOf(int partition) {
        return lag.get(partition);
    }

    /** Partitions assigned to this replica. */
    public java.util.Set<Integer> assignedPartitions() {
        return java.util.Set.copyOf(assigned.keySet());
    }

    /** Who hears of committed batches from now on (metrics). */
    public void observe(ProjectionObserver newObserver) {
        observer = newObserver == null ? ProjectionObserver.NONE : newObserver;
    }

    ProjectionObserver observer() {
        return observer;
    }

    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    public void batch(long size, double eventsPerSecond) {
        lastBatchSize = size;
        lastBatchEventsPerSecond = eventsPerSecond;
    }

    public long lastBatchSize() {
        return lastBatchSize;
    }

    public double lastBatchEventsPerSecond() {
        return lastBatchEventsPerSecond;
    }

    public void rebuild(RebuildProgress progress) {
        rebuild.set(progress);
    }

    public RebuildProgress rebuild() {
        return rebuild.get();
    }
}
