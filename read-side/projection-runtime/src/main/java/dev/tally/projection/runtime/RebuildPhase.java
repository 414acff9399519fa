package dev.tally.projection.runtime;

/** Where a running rebuild is; {@code GET /projection} shows it as {@link #describe}. */
public enum RebuildPhase {
    /** Waiting for the log's partitions. */
    STARTING("starting"),
    /** Folding the log into the BUILDING generation. */
    FOLDING("folding"),
    /** A version gap stopped a partition: no switch-over until an operator repairs it (README, "Stream-version guard"). */
    STUCK_AT_GAP("stuck at a version gap"),
    /** Holding the ACTIVE generation's lock to catch up and switch. */
    SWITCHING("switching"),
    /** The switch-over committed. */
    SWITCHED("switched");

    private final String text;

    RebuildPhase(String text) {
        this.text = text;
    }

    /** The phase as the report writes it; a gap adds where it stopped ({@code gap} may be null otherwise). */
    public String describe(BatchPlan.Gap gap) {
        if (this == STUCK_AT_GAP && gap != null) {
            return text + " in partition " + gap.partition() + " offset " + gap.offset();
        }
        return text;
    }
}
