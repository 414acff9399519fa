package dev.tally.projection.runtime;

import java.time.Instant;

/** One partition's checkpoint of a generation: the next offset to read and the time of the last event folded there. */
public record CheckpointRow(int partition, long nextOffset, Instant lastEventTime) {
}
