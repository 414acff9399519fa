package dev.tally.projection.runtime;

/**
 * What {@code GET /projection} says of the view on this replica, written as the constant's name on the wire
 * ({@code "RUNNING"}, ...). Readiness is UP unless {@link #STARTING} or {@link #DOWN}.
 */
public enum ProjectionStatus {
    /** No ACTIVE generation yet, or the log topic does not exist yet. */
    STARTING,
    /** Folding, level with the log (lag at most {@code catching-up-lag}). */
    RUNNING,
    /** Folding, more than {@code catching-up-lag} records behind. */
    CATCHING_UP,
    /** A rebuild runs on this replica; queries read the ACTIVE generation meanwhile. */
    REBUILDING,
    /** A version gap stopped a partition; queries still answer. */
    DEGRADED,
    /** The loop is failing (database or Kafka unreachable) and retries with back-off. */
    DOWN,
    /** {@code tally.projection.enabled=false}. */
    DISABLED;

    /** Whether the readiness check reports UP. */
    public boolean ready() {
        return this != DOWN && this != STARTING;
    }
}
