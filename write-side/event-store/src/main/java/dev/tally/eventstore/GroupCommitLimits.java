package dev.tally.eventstore;

/**
 * How the group committer batches ({@code tally.eventstore.group-commit.*}, see the README, "Group commit").
 *
 * @param enabled     false: each request is its own batch, run at once
 * @param maxRequests the most requests in one batch, at least 1
 * @param maxEvents   the most events in one batch, at least 1 (a larger request still runs, alone)
 */
public record GroupCommitLimits(boolean enabled, int maxRequests, int maxEvents) {

    public static final GroupCommitLimits DEFAULT = new GroupCommitLimits(true, 64, 2000);

    public GroupCommitLimits {
        if (maxRequests < 1 || maxEvents < 1) {
            throw new IllegalArgumentException("group commit limits must be >= 1");
        }
    }
}
