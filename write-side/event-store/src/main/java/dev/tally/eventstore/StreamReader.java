package dev.tally.eventstore;

import java.util.List;
import java.util.function.BiFunction;

import io.smallrye.mutiny.Uni;

/** Reads streams: their events, their version, and their state folded from the nearest snapshot plus the tail. */
public interface StreamReader {

    /** Events of {@code streamId} with version {@code >= fromVersion}, in version order, at most {@code maxCount}. */
    Uni<List<RecordedEvent>> readStream(String streamId, long fromVersion, int maxCount);

    /** Events of {@code streamId} with version {@code >= fromVersion}, in order. */
    default Uni<List<RecordedEvent>> readStream(String streamId, long fromVersion) {
        return readStream(streamId, fromVersion, Integer.MAX_VALUE);
    }

    /** Every event of the given streams (unknown ids have none), ordered by stream id, then version. */
    Uni<List<RecordedEvent>> readStreams(List<String> streamIds);

    /** The stream's current version, 0 if it has no events. */
    Uni<Long> streamVersion(String streamId);

    /**
     * Folds a stream from the nearest known state (one this process holds, else the latest stored snapshot of this
     * codec, else {@code initial}) plus every later event: the result is the stream's current state. States may be
     * kept and shared between loads, so they must be immutable values.
     */
    <S> Uni<LoadedStream<S>> load(String streamId, SnapshotCodec<S> codec, S initial,
                                  BiFunction<S, RecordedEvent, S> evolve);

    /** Folds a whole stream from its first event, ignoring snapshots and kept states. */
    <S> Uni<LoadedStream<S>> load(String streamId, S initial, BiFunction<S, RecordedEvent, S> evolve);
}
