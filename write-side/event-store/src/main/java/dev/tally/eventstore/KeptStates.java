package dev.tally.eventstore;

import java.util.Optional;

/**
 * States this process keeps in memory per stream: the one state cache of the store ({@code
 * tally.eventstore.state-cache-size} streams, least recently used evicted first), filled by loads and by callers after
 * their appends commit. {@link StreamReader#load(String, SnapshotCodec, Object, java.util.function.BiFunction)} starts
 * from a kept state and still reads the events after it; {@link #kept} returns it without reading anything, for
 * callers that decide on it under an {@link ExpectedVersion#exactly(long)} condition, so a state that turns out to be
 * behind fails the append instead of deciding wrongly.
 */
public interface KeptStates {

    /**
     * The state this process last loaded or kept for {@code streamId} with this codec's shape, or empty. It may be
     * behind the stream if another process appended to it since.
     */
    <S> Optional<LoadedStream<S>> kept(String streamId, SnapshotCodec<S> codec);

    /**
     * After an append from {@code previousVersion} to {@code version} committed: keeps {@code state} (the stream's
     * state at {@code version}) and stores it as the snapshot in the background when one is due (see
     * {@link Snapshots#snapshotIfDue}).
     */
    <S> void keep(String streamId, SnapshotCodec<S> codec, long previousVersion, long version, S state);

    /** Drops the kept state of a stream (e.g. it turned out to be behind). */
    void forget(String streamId);
}
