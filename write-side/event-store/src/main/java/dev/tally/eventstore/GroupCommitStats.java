package dev.tally.eventstore;

/**
 * Counters of the group committer since start (see the README, "Group commit"), for tests and metrics.
 *
 * @param batches        append transactions run by the committer (reruns of single requests included)
 * @param requests       requests in them
 * @param events         events in them, appended or not
 * @param rerunAlone     batches that failed as a whole and whose requests were run again one by one
 * @param largestBatch   the most requests one batch held
 * @param batchesBySize  {@code batchesBySize[n]}: batches of n requests (index 0 unused)
 * @param queued         requests waiting for a batch right now
 */
public record GroupCommitStats(long batches, long requests, long events, long rerunAlone, int largestBatch,
                               long[] batchesBySize, int queued) {

    /** Batches of exactly {@code size} requests. */
    public long batchesOfSize(int size) {
        return size < batchesBySize.length ? batchesBySize[size] : 0;
    }
}
