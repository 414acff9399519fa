package dev.tally.projection.runtime;

import java.util.Set;

/**
 * A partition's stored checkpoint is behind what this consumer saw committed: batches whose commit succeeded are gone
 * (an asynchronous commit lost in a database crash, or in a fail-over to a standby that had not received it). The
 * batch fails like any other; the consumer then forgets what it knew, seeks to the stored checkpoints and reloads the
 * frontier, so the lost batches are folded again from the log instead of leaving their streams with gaps.
 */
public class LostProgressException extends RuntimeException {

    public LostProgressException(Set<Integer> partitions) {
        super("checkpoint of partitions " + partitions + " is behind what this consumer committed: committed batches"
                + " are gone (an asynchronous commit lost in a crash or a fail-over); folding again from the stored"
                + " checkpoints", null, false, false);
    }
}
