package dev.tally.eventstore;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Snapshots in {@code eventstore.snapshots}, one per stream. Saves that are due happen after the load or append that
 * made them due, outside any command transaction and without waiting: a failed or slow save never fails or slows a
 * command, the next cold load just replays a longer tail. Concurrent saves never replace a newer snapshot with an
 * older one.
 */
final class PostgresSnapshots implements Snapshots {

    private static final Logger LOG = Logger.getLogger(PostgresSnapshots.class);

    private final Pool pool;
    private final int snapshotEvery;

    /** @param snapshotEvery events between automatic snapshots; 0 disables them */
    PostgresSnapshots(Pool pool, int snapshotEvery) {
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0");
        }
        this.pool = pool;
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public Uni<Optional<Snapshot>> loadSnapshot(String streamId) {
        return pool.preparedQuery(EventStoreSql.LOAD_SNAPSHOT).execute(Tuple.of(streamId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Snapshot(streamId, row.getLong("stream_version"),
                            row.getString("state_type"), row.getInteger("state_version"), row.getString("state")));
                });
    }

    @Override
    public <S> Uni<Void> saveSnapshot(String streamId, long version, SnapshotCodec<S> codec, S state) {
        return Uni.createFrom().item(() -> codec.encode(state))
                .chain(json -> pool.preparedQuery(EventStoreSql.SAVE_SNAPSHOT)
                        .execute(Tuple.of(streamId, version, codec.stateType(), codec.stateVersion(), json)))
                .replaceWithVoid();
    }

    @Override
    public <S> void snapshotIfDue(String streamId, long previousVersion, long version, SnapshotCodec<S> codec,
                                  S state) {
        if (dueOnAppend(previousVersion, version)) {
            saveInBackground(streamId, version, codec, state);
        }
    }

    /** An append from {@code previousVersion} to {@code version} crossed a multiple of {@code snapshot-every}. */
    boolean dueOnAppend(long previousVersion, long version) {
        return snapshotEvery > 0 && version / snapshotEvery > previousVersion / snapshotEvery;
    }

    /** A load reached {@code version} while the stored snapshot is at {@code persistedVersion}. */
    boolean dueOnLoad(long persistedVersion, long version) {
        return snapshotEvery > 0 && version - persistedVersion >= snapshotEvery;
    }

    <S> void saveInBackground(String streamId, long version, SnapshotCodec<S> codec, S state) {
        saveSnapshot(streamId, version, codec, state).subscribe().with(
                ignored -> LOG.debugf("snapshot of %s at version %d saved", streamId, version),
                failure -> LOG.warnf(failure, "snapshot of %s at version %d not saved (loads stay correct, only slower)",
                        streamId, version));
    }
}
