package dev.tally.projection.runtime;

import java.util.Set;

/**
 * Another consumer (or an earlier attempt whose commit we did not see) already moved a partition's checkpoint past
 * where this batch starts: the batch is dropped and the partitions are re-positioned from PostgreSQL.
 */
public class StaleBatchException extends RuntimeException {

    private final transient Set<Integer> partitions;

    public StaleBatchException(Set<Integer> partitions) {
        super("checkpoint of partitions " + partitions + " is ahead of this batch", null, false, false);
        this.partitions = Set.copyOf(partitions);
    }

    public Set<Integer> partitions() {
        return partitions;
    }
}
