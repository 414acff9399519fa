package dev.tally.eventstore;

/**
 * A stream's folded state at a version, as stored.
 *
 * @param streamId      the stream
 * @param streamVersion the version of the last event folded into {@code state}
 * @param stateType     codec identity, see {@link SnapshotCodec}
 * @param stateVersion  codec version, see {@link SnapshotCodec}
 * @param state         JSON text
 */
public record Snapshot(String streamId, long streamVersion, String stateType, int stateVersion, String state) {
}
