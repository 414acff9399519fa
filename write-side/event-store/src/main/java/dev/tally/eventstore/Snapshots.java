package dev.tally.eventstore;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Stored snapshots: a stream's folded state at a version, so a cold load replays only the events after it. A snapshot
 * is a cache of committed events: losing one makes loads slower, never wrong.
 */
public interface Snapshots {

    /** The stream's stored snapshot, whatever its codec. */
    Uni<Optional<Snapshot>> loadSnapshot(String streamId);

    /** Stores {@code state} as the snapshot of {@code streamId} at {@code version}, unless a newer one exists. */
    <S> Uni<Void> saveSnapshot(String streamId, long version, SnapshotCodec<S> codec, S state);

    /**
     * Stores {@code state}, the stream's state at {@code version}, as its snapshot, in the background, when the append
     * from {@code previousVersion} to {@code version} crossed a multiple of the store's snapshot interval. For callers
     * that keep states of their own and so rarely load. Never fails and never waits.
     */
    <S> void snapshotIfDue(String streamId, long previousVersion, long version, SnapshotCodec<S> codec, S state);
}
