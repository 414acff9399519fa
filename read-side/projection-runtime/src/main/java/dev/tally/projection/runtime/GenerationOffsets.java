package dev.tally.projection.runtime;

import java.util.Map;

/**
 * A generation with its checkpoints: the next offset to read per partition of the topic (partitions it has not
 * folded yet are absent).
 */
public record GenerationOffsets(Generation generation, Map<Integer, Long> nextOffsets) {

    public GenerationOffsets {
        nextOffsets = Map.copyOf(nextOffsets);
    }
}
