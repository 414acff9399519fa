package dev.tally.eventstore;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stream reads and folds on PostgreSQL, with the store's one state cache. A fold starts from the state this process
 * last loaded or kept for the stream (events never change, so a kept fold is never wrong, only possibly behind: the
 * events after it are read on every load), otherwise from the stream's stored snapshot, read together with its tail
 * by one statement. When the stored snapshot is {@code snapshot-every} or more events behind the loaded version, the
 * state just folded is saved as the new snapshot in the background ({@link PostgresSnapshots}).
 */
final class PostgresStreamReader implements StreamReader, KeptStates {

    private final Pool pool;
    private final PostgresSnapshots snapshots;
    /** Null when disabled ({@code state-cache-size} 0). */
    private final StateCache cache;

    PostgresStreamReader(Pool pool, PostgresSnapshots snapshots, int stateCacheSize) {
        if (stateCacheSize < 0) {
            throw new IllegalArgumentException("stateCacheSize must be >= 0");
        }
        this.pool = pool;
        this.snapshots = snapshots;
        this.cache = stateCacheSize == 0 ? null : new StateCache(stateCacheSize);
    }

    @Override
    public Uni<List<RecordedEvent>> readStream(String streamId, long fromVersion, int maxCount) {
        return pool.preparedQuery(EventStoreSql.READ_STREAM)
                .execute(Tuple.of(streamId, fromVersion, (long) maxCount))
                .map(EventRows::toEvents);
    }

    @Override
    public Uni<List<RecordedEvent>> readStreams(List<String> streamIds) {
        if (streamIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(EventStoreSql.READ_STREAMS)
                .execute(Tuple.tuple().addArrayOfString(streamIds.toArray(String[]::new)))
                .map(EventRows::toEvents);
    }

    @Override
    public Uni<Long> streamVersion(String streamId) {
        return pool.preparedQuery(EventStoreSql.STREAM_VERSION).execute(Tuple.of(streamId))
                .map(rows -> rows.iterator().next().getLong("version"));
    }

    @Override
    public <S> Uni<LoadedStream<S>> load(String streamId, SnapshotCodec<S> codec, S initial,
                                         BiFunction<S, RecordedEvent, S> evolve) {
        StateCache.Entry cached = cache == null ? null : cache.get(streamId, codec);
        if (cached != null) {
            return readStream(streamId, cached.version() + 1)
                    .map(tail -> foldTail(cached, tail, evolve))
                    .invoke(loaded -> remember(streamId, codec, loaded, cached.persistedVersion()));
        }
        return pool.preparedQuery(EventStoreSql.LOAD_WITH_SNAPSHOT)
                .execute(Tuple.of(streamId, codec.stateType(), codec.stateVersion()))
                .map(rows -> foldWithSnapshot(rows, codec, initial, evolve))
                .invoke(loaded -> remember(streamId, codec, loaded, loaded.snapshotVersion()));
    }

    @Override
    public <S> Uni<LoadedStream<S>> load(String streamId, S initial, BiFunction<S, RecordedEvent, S> evolve) {
        return readStream(streamId, 1).map(events -> {
            S state = initial;
            for (RecordedEvent event : events) {
                state = evolve.apply(state, event);
            }
            long version = events.isEmpty() ? 0 : events.get(events.size() - 1).streamVersion();
            return new LoadedStream<>(state, version, 0, events.size());
        });
    }

    @Override
    @SuppressWarnings("unchecked") // the entry was kept by a codec of the same state type and version
    public <S> Optional<LoadedStream<S>> kept(String streamId, SnapshotCodec<S> codec) {
        StateCache.Entry entry = cache == null ? null : cache.get(streamId, codec);
        return entry == null
                ? Optional.empty()
                : Optional.of(new LoadedStream<>((S) entry.state(), entry.version(), entry.version(), 0));
    }

    @Override
    public <S> void keep(String streamId, SnapshotCodec<S> codec, long previousVersion, long version, S state) {
        boolean due = snapshots.dueOnAppend(previousVersion, version);
        if (due) {
            snapshots.saveInBackground(streamId, version, codec, state);
        }
        if (cache != null) {
            StateCache.Entry before = cache.get(streamId, codec);
            long persisted = due ? version : before == null ? 0 : before.persistedVersion();
            cache.put(streamId, new StateCache.Entry(codec.stateType(), codec.stateVersion(), state, version,
                    persisted));
        }
    }

    @Override
    public void forget(String streamId) {
        if (cache != null) {
            cache.remove(streamId);
        }
    }

    @SuppressWarnings("unchecked") // the entry was cached by a codec of the same state type and version
    private static <S> LoadedStream<S> foldTail(StateCache.Entry cached, List<RecordedEvent> tail,
                                                BiFunction<S, RecordedEvent, S> evolve) {
        S state = (S) cached.state();
        long version = cached.version();
        for (RecordedEvent event : tail) {
            state = evolve.apply(state, event);
            version = event.streamVersion();
        }
        return new LoadedStream<>(state, version, cached.version(), tail.size());
    }

    /** Caches the loaded state and, when the stored snapshot is {@code snapshotEvery} or more behind, replaces it. */
    private <S> void remember(String streamId, SnapshotCodec<S> codec, LoadedStream<S> loaded, long persisted) {
        long persistedVersion = persisted;
        if (snapshots.dueOnLoad(persisted, loaded.version())) {
            snapshots.saveInBackground(streamId, loaded.version(), codec, loaded.state());
            persistedVersion = loaded.version();
        }
        if (cache != null && loaded.exists()) {
            cache.put(streamId, new StateCache.Entry(codec.stateType(), codec.stateVersion(), loaded.state(),
                    loaded.version(), persistedVersion));
        }
    }

    private static <S> LoadedStream<S> foldWithSnapshot(RowSet<Row> rows, SnapshotCodec<S> codec, S initial,
                                                        BiFunction<S, RecordedEvent, S> evolve) {
        S state = initial;
        long version = 0;
        long snapshotVersion = 0;
        int replayed = 0;
        for (Row row : rows) {
            if (row.getInteger("kind") == 0) {
                state = codec.decode(row.getString("data"));
                snapshotVersion = row.getLong("stream_version");
                version = snapshotVersion;
            } else {
                RecordedEvent event = EventRows.toEvent(row);
                state = evolve.apply(state, event);
                version = event.streamVersion();
                replayed++;
            }
        }
        return new LoadedStream<>(state, version, snapshotVersion, replayed);
    }
}
