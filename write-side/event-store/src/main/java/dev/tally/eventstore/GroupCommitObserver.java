package dev.tally.eventstore;

/**
 * Hears of each group-commit batch ({@link EventStore#observeGroupCommits}), for metrics. Called on the event loop
 * that runs the batch, once per batch (never per event): implementations must be cheap and must not block.
 */
public interface GroupCommitObserver {

    GroupCommitObserver NONE = new GroupCommitObserver() {
    };

    /**
     * A batch starts its position section.
     *
     * @param requests    requests in it
     * @param waitedNanos how long its first (oldest) request waited for the section
     */
    default void batchStarted(int requests, long waitedNanos) {
    }

    /** Its COMMIT was answered (the position section ended), {@code nanos} after it started. */
    default void sectionEnded(long nanos) {
    }

    /** It is durable and about to be answered, {@code nanos} after it started. */
    default void batchDurable(long nanos) {
    }
}
