package dev.tally.eventstore;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Append-only event store on PostgreSQL (schema {@code eventstore}, migrated by Flyway), reactive end to end. Generic:
 * it stores opaque JSON events in streams and knows nothing about what they mean.
 *
 * <h2>Streams and optimistic concurrency</h2>
 * A stream is the ordered events of one id; each event has a stream version 1, 2, 3, ... An append names, per stream,
 * the version its caller decided on ({@link StreamAppend#expectedVersion()}). The unique (stream_id, stream_version)
 * index is the concurrency guard: of two writers that read version 5, only one can insert version 6; the other
 * fails with {@link WrongExpectedVersionException} and its whole transaction is rolled back. One append may cover
 * several streams (e.g. both sides of a transfer) and is atomic: one stale stream and nothing is written.
 *
 * <h2>Gap-free global order</h2>
 * Every event also gets a global {@code position}, and readers (the outbox relay, projections, tests) page the whole
 * store with {@code WHERE position > :last ORDER BY position LIMIT :n}. That only works if a position can never
 * become visible <em>after</em> a higher one was already read: otherwise the reader moves its checkpoint past it and
 * skips the event forever.
 * <p>
 * A {@code bigserial} does not give that. Sequence numbers are handed out when a transaction inserts, but transactions
 * commit in any order: T1 takes 10, T2 takes 11, T2 commits, a reader sees 11 and moves on, then T1 commits 10 —
 * never read. Rolled-back transactions also leave holes, so a reader cannot even tell "late" from "never". (This is
 * the problem Marten, Eventuous, Axon and others work around with high-water marks, gap-timeouts or
 * transaction-id snapshots.)
 * <p>
 * Here positions come from a single-row counter, {@code eventstore.position_counter}, bumped with
 * {@code UPDATE ... SET value = value + n RETURNING value} inside the appending transaction, in the same statement
 * that inserts the events (see {@link EventStoreSql#APPEND}):
 * <ul>
 * <li>The UPDATE takes the row lock and keeps it until COMMIT or ROLLBACK, so at most one transaction is between
 * "got positions" and "finished". The next appender waits on the lock, and when it gets it, the previous one has
 * committed (its positions are visible) or rolled back (its counter increment is undone, so the numbers are reused).
 * Hence positions become visible strictly in increasing order, and committed positions are dense: 1, 2, 3, ...
 * without holes. A reader that has seen position p has seen every position below p.</li>
 * <li>{@code pg_notify('eventstore_appended', lastPosition)} in the same statement wakes listeners; PostgreSQL
 * delivers it only at commit, in commit order.</li>
 * <li>The committed counter value is the head of the log: everything up to it is visible ({@link #headPosition()}).</li>
 * </ul>
 * The cost: the position section is serialised. From the moment the statement takes the lock until its transaction
 * has committed, no other append can proceed. Two things keep that section short:
 * <ul>
 * <li>{@link #append(List, Function)} sends the append statement, COMMIT and a durability barrier back to back
 * (pipelined), so the section never includes a client round trip or a wait for a busy event loop.</li>
 * <li>The appending transaction commits with {@code synchronous_commit = off}: it releases the lock as soon as its
 * commit record is in the WAL buffers, without waiting for the disk. Durability is then awaited by the barrier
 * ({@link #awaitDurable}: a tiny transaction that writes a WAL record and commits with the server's normal
 * {@code synchronous_commit}, so its commit waits until the WAL, including the append's commit record before it, is
 * flushed and, if configured, replicated). The command is acknowledged only after the barrier, so it is exactly as
 * durable as with a synchronous commit; but the flushes of concurrent appenders are shared (group commit) and happen
 * outside the serialised section. With a synchronous commit inside the section, every append would wait for its own
 * flush while holding the lock, capping the store at one WAL flush per append.</li>
 * </ul>
 * So the section is about one statement execution plus one (non-flushing) commit on the server. The price of the
 * second point: for the few hundred microseconds between the asynchronous commit and the flush, other sessions can
 * already see events that a database crash would still undo (nobody was told they exist: the appender waits for its
 * barrier). Readers that act on events outside the database call {@link #awaitDurable} after reading and before
 * acting; the outbox relay does so before publishing each batch. The caller-owned transaction variant
 * ({@link #append(SqlConnection, List)}) commits however its caller commits (synchronously by default), holding the
 * lock for the caller's round trip and the WAL flush: make the append the <b>last</b> statement before COMMIT and commit
 * right away. Use READ COMMITTED (the default) so a waiting appender re-reads the counter instead of failing with a
 * serialization error.
 * <p>
 * Expected versions are checked twice: {@code eventstore.require_stream_versions} (in the UPDATE's WHERE, so it runs
 * before the lock is taken and again, with fresh data, if the appender had to wait for it) rejects both stale and
 * "ahead of the stream" versions with SQLSTATE ES409; the unique index catches whatever commits in the gap. Both become
 * {@link WrongExpectedVersionException}.
 *
 * <h2>Snapshots and the state cache</h2>
 * {@link #load(String, SnapshotCodec, Object, BiFunction)} folds a stream from the nearest known state plus the events
 * after it. The nearest known state is, first, the state this process last loaded for the stream (an in-memory LRU
 * cache of {@code tally.eventstore.state-cache-size} streams: events never change, so a cached fold is never wrong,
 * only behind, and the events after it are read from the database on every load); otherwise the stream's stored
 * snapshot, read together with its tail by one statement. When the stored snapshot is
 * {@code tally.eventstore.snapshot-every} or more events behind the loaded version, the state just folded is saved as
 * the new snapshot <em>after</em> the load, outside any command transaction and without waiting for it: the snapshot is
 * a cache of committed events, so a failed or slow save can never fail or slow a command; the next cold load (another
 * replica, a restart) just replays a longer tail. Concurrent saves never replace a newer snapshot with an older one.
 */
@ApplicationScoped
public class EventStore {

    /** LISTEN channel notified at each append's commit; the payload is the append's last position. */
    public static final String APPENDED_CHANNEL = "eventstore_appended";

    /** SQLSTATE raised by {@code eventstore.require_stream_versions}. */
    static final String WRONG_VERSION_SQLSTATE = "ES409";

    private static final Logger LOG = Logger.getLogger(EventStore.class);

    private final Pool pool;
    private final int snapshotEvery;
    private final StateCache cache;

    @Inject
    public EventStore(Pool pool, EventStoreConfig config) {
        this(pool, config.snapshotEvery(), config.stateCacheSize());
    }

    /**
     * For use outside CDI. {@code snapshotEvery} 0 disables automatic snapshots, {@code stateCacheSize} 0 the
     * in-memory state cache.
     */
    public EventStore(Pool pool, int snapshotEvery, int stateCacheSize) {
        if (snapshotEvery < 0 || stateCacheSize < 0) {
            throw new IllegalArgumentException("snapshotEvery and stateCacheSize must be >= 0");
        }
        this.pool = pool;
        this.snapshotEvery = snapshotEvery;
        this.cache = stateCacheSize == 0 ? null : new StateCache(stateCacheSize);
    }

    /**
     * Appends in the caller's transaction (so it can write other rows atomically with the events). Must be the last
     * statement before COMMIT, see the class comment: the position lock is held from here until the caller's commit
     * completes, including the time the caller takes to send it and the WAL flush; {@link #append(List, Function)}
     * avoids both.
     * On {@link WrongExpectedVersionException} or {@link DuplicateEventIdException} the transaction is aborted and must
     * be rolled back.
     */
    public Uni<AppendResult> append(SqlConnection transaction, List<StreamAppend> appends) {
        final Tuple args;
        try {
            args = appendArguments(appends);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return execute(transaction, appends, args);
    }

    private static Uni<AppendResult> execute(SqlConnection connection, List<StreamAppend> appends, Tuple args) {
        int total = appends.stream().mapToInt(a -> a.events().size()).sum();
        return connection.preparedQuery(EventStoreSql.APPEND).execute(args)
                .onFailure().transform(failure -> AppendFailures.translate(failure, appends))
                .map(rows -> toResult(rows, appends, total));
    }

    /** Appends in a transaction of its own and waits until it is durable (see {@link #append(List, Function)}). */
    public Uni<AppendResult> append(List<StreamAppend> appends) {
        return append(appends, connection -> Uni.createFrom().voidItem());
    }

    /**
     * Appends in a transaction of its own, after {@code sameTransaction} has run in it (e.g. an idempotency record),
     * commits, and waits until the commit is durable: all of it or nothing. Preferred over
     * {@link #append(SqlConnection, List)}: the position lock is held for the shortest possible time (see the class
     * comment). Fails with {@link WrongExpectedVersionException} or {@link DuplicateEventIdException} as described
     * there, or with {@code sameTransaction}'s failure; the transaction is then rolled back. A failure after the commit
     * (the connection breaks while waiting for durability) leaves the outcome unknown, like any lost acknowledgement.
     */
    public Uni<AppendResult> append(List<StreamAppend> appends, Function<SqlConnection, Uni<?>> sameTransaction) {
        final Tuple args;
        try {
            args = appendArguments(appends);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.withConnection(connection -> connection.query(EventStoreSql.BEGIN_ASYNC_COMMIT).execute()
                .chain(() -> sameTransaction.apply(connection))
                // A failure before COMMIT is sent: end the transaction before the pool reuses the connection.
                // (Once COMMIT is sent, the transaction ends there, committed or, after a failed append, rolled back.)
                .onFailure().call(() -> connection.query("ROLLBACK").execute().onFailure().recoverWithNull())
                .chain(() -> appendCommitAndAwaitDurable(connection, appends, args)));
    }

    /**
     * Sends the append, COMMIT and the durability barrier back to back, without waiting in between: they are queued on
     * the connection in this order, and the client keeps that order even when it must prepare the statement first. If
     * the append fails, PostgreSQL answers the COMMIT of the aborted transaction with a rollback (and the barrier
     * costs one small WAL flush for nothing).
     */
    private Uni<AppendResult> appendCommitAndAwaitDurable(SqlConnection connection, List<StreamAppend> appends,
                                                          Tuple args) {
        Uni<AppendResult> append = execute(connection, appends, args);
        Uni<Void> commit = connection.query("COMMIT").execute().replaceWithVoid();
        Uni<Void> durable = awaitDurable(connection);
        return Uni.combine().all().unis(append, commit, durable).collectFailures().asTuple()
                .map(io.smallrye.mutiny.tuples.Tuple3::getItem1)
                .onFailure(CompositeException.class).transform(e -> ((CompositeException) e).getCauses().get(0));
    }

    /**
     * Returns once every transaction committed before this call is durable (WAL flushed and, with synchronous
     * replication, replicated), as the server's {@code synchronous_commit} setting defines durable. Run it outside any
     * transaction. Needed only by readers that act outside the database on what they read, see the class comment.
     */
    public Uni<Void> awaitDurable(SqlClient client) {
        return client.query(EventStoreSql.DURABILITY_BARRIER).execute().replaceWithVoid();
    }

    public Uni<AppendResult> append(StreamAppend append) {
        return append(List.of(append));
    }

    /** Events of {@code streamId} with version {@code >= fromVersion}, in order. */
    public Uni<List<RecordedEvent>> readStream(String streamId, long fromVersion) {
        return readStream(streamId, fromVersion, Integer.MAX_VALUE);
    }

    public Uni<List<RecordedEvent>> readStream(String streamId, long fromVersion, int maxCount) {
        return pool.preparedQuery(EventStoreSql.READ_STREAM)
                .execute(Tuple.of(streamId, fromVersion, (long) maxCount))
                .map(EventRows::toEvents);
    }

    /**
     * Up to {@code limit} ids of the streams whose first event has a position {@code <= atPosition} (and, unless
     * {@code firstEventType} is null, that type), greater than {@code afterStreamId} ("" for the first page), in id
     * order: pages through every stream (of one kind) as of a position.
     */
    public Uni<List<String>> streamIds(String afterStreamId, long atPosition, int limit, String firstEventType) {
        return pool.preparedQuery(EventStoreSql.STREAM_IDS)
                .execute(Tuple.of(afterStreamId, atPosition, (long) limit, firstEventType))
                .map(rows -> {
                    List<String> ids = new java.util.ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getString("stream_id"));
                    }
                    return ids;
                });
    }

    /** Every event of the given streams (unknown ids have none), ordered by stream id, then version. */
    public Uni<List<RecordedEvent>> readStreams(List<String> streamIds) {
        if (streamIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(EventStoreSql.READ_STREAMS)
                .execute(Tuple.tuple().addArrayOfString(streamIds.toArray(String[]::new)))
                .map(EventRows::toEvents);
    }

    /** The stream's current version, 0 if it has no events. */
    public Uni<Long> streamVersion(String streamId) {
        return pool.preparedQuery(EventStoreSql.STREAM_VERSION).execute(Tuple.of(streamId))
                .map(rows -> rows.iterator().next().getLong("version"));
    }

    /**
     * Up to {@code limit} events with position {@code > afterPosition}, in position order. Paging with the last
     * position returned never skips an event (see the class comment), and positions are consecutive.
     */
    public Uni<List<RecordedEvent>> readAll(long afterPosition, int limit) {
        return readAll(pool, afterPosition, limit);
    }

    /** {@link #readAll(long, int)} on a given connection (e.g. a dedicated one that must not wait for the pool). */
    public Uni<List<RecordedEvent>> readAll(SqlClient client, long afterPosition, int limit) {
        return client.preparedQuery(EventStoreSql.READ_ALL).execute(Tuple.of(afterPosition, (long) limit))
                .map(EventRows::toEvents);
    }

    /**
     * Position of the last committed event (0 for an empty store); every position up to it is readable (and durable
     * once {@link #awaitDurable} returns).
     */
    public Uni<Long> headPosition() {
        return pool.query(EventStoreSql.HEAD_POSITION).execute()
                .map(rows -> rows.iterator().next().getLong("value"));
    }

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

    /** Stores {@code state} as the snapshot of {@code streamId} at {@code version}, unless a newer one exists. */
    public <S> Uni<Void> saveSnapshot(String streamId, long version, SnapshotCodec<S> codec, S state) {
        return Uni.createFrom().item(() -> codec.encode(state))
                .chain(json -> pool.preparedQuery(EventStoreSql.SAVE_SNAPSHOT)
                        .execute(Tuple.of(streamId, version, codec.stateType(), codec.stateVersion(), json)))
                .replaceWithVoid();
    }

    /**
     * Folds a stream: from the state this process last loaded for it (in-memory cache), else from the latest stored
     * snapshot of this codec, else from {@code initial}; then {@code evolve} over each later event. Saves a new
     * snapshot in the background when the stored one is {@code snapshot-every} events behind (see the class comment).
     * States are cached and shared between loads, so they must be immutable values.
     */
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
        if (snapshotEvery > 0 && loaded.version() - persisted >= snapshotEvery) {
            saveSnapshotInBackground(streamId, codec, loaded);
            persistedVersion = loaded.version();
        }
        if (cache != null && loaded.exists()) {
            cache.put(streamId, new StateCache.Entry(codec.stateType(), codec.stateVersion(), loaded.state(),
                    loaded.version(), persistedVersion));
        }
    }

    /** Folds a whole stream from its first event, ignoring snapshots. */
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

    /**
     * For callers that keep states of their own (e.g. the state after each successful append) and so rarely call
     * {@link #load(String, SnapshotCodec, Object, BiFunction)}: stores {@code state}, the stream's state at
     * {@code version}, as its snapshot, in the background, when the append from {@code previousVersion} to
     * {@code version} crossed a multiple of {@code snapshot-every}. Keeps cold loads (another replica, a restart)
     * short. Never fails and never waits.
     */
    public <S> void snapshotIfDue(String streamId, long previousVersion, long version, SnapshotCodec<S> codec, S state) {
        if (snapshotEvery > 0 && version / snapshotEvery > previousVersion / snapshotEvery) {
            saveSnapshotInBackground(streamId, codec, new LoadedStream<>(state, version, 0, 0));
        }
    }

    private <S> void saveSnapshotInBackground(String streamId, SnapshotCodec<S> codec, LoadedStream<S> loaded) {
        saveSnapshot(streamId, loaded.version(), codec, loaded.state()).subscribe().with(
                ignored -> LOG.debugf("snapshot of %s at version %d saved", streamId, loaded.version()),
                failure -> LOG.warnf(failure, "snapshot of %s at version %d not saved (loads stay correct, only slower)",
                        streamId, loaded.version()));
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

    private static Tuple appendArguments(List<StreamAppend> appends) {
        if (appends == null || appends.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        int total = 0;
        Set<String> streams = new HashSet<>();
        for (StreamAppend append : appends) {
            if (!streams.add(append.streamId())) {
                throw new IllegalArgumentException("stream " + append.streamId() + " appears twice in one append");
            }
            total += append.events().size();
        }
        String[] checkedStreams = new String[appends.size()];
        Long[] expectedVersions = new Long[appends.size()];
        String[] streamIds = new String[total];
        Long[] versions = new Long[total];
        UUID[] eventIds = new UUID[total];
        String[] types = new String[total];
        Integer[] schemaVersions = new Integer[total];
        String[] data = new String[total];
        String[] correlationIds = new String[total];
        String[] causationIds = new String[total];
        String[] traceparents = new String[total];
        String[] actors = new String[total];
        int i = 0;
        for (int s = 0; s < appends.size(); s++) {
            StreamAppend append = appends.get(s);
            checkedStreams[s] = append.streamId();
            expectedVersions[s] = append.expectedVersion();
            long version = append.expectedVersion();
            for (NewEvent event : append.events()) {
                streamIds[i] = append.streamId();
                versions[i] = ++version;
                eventIds[i] = event.eventId();
                types[i] = event.type();
                schemaVersions[i] = event.schemaVersion();
                data[i] = event.data();
                correlationIds[i] = event.metadata().correlationId();
                causationIds[i] = event.metadata().causationId();
                traceparents[i] = event.metadata().traceparent();
                actors[i] = event.metadata().actor();
                i++;
            }
        }
        return Tuple.tuple()
                .addLong((long) total)
                .addArrayOfString(checkedStreams)
                .addArrayOfLong(expectedVersions)
                .addArrayOfString(streamIds)
                .addArrayOfLong(versions)
                .addArrayOfUUID(eventIds)
                .addArrayOfString(types)
                .addArrayOfInteger(schemaVersions)
                .addArrayOfString(data)
                .addArrayOfString(correlationIds)
                .addArrayOfString(causationIds)
                .addArrayOfString(traceparents)
                .addArrayOfString(actors);
    }

    private static AppendResult toResult(RowSet<Row> rows, List<StreamAppend> appends, int total) {
        Row row = rows.iterator().next();
        long inserted = row.getLong("inserted");
        if (inserted != total) {
            // Cannot happen while position_counter has its row; failing aborts the caller's transaction.
            throw new IllegalStateException("append inserted " + inserted + " of " + total + " events");
        }
        Map<String, Long> newVersions = new LinkedHashMap<>();
        for (StreamAppend append : appends) {
            newVersions.put(append.streamId(), append.newVersion());
        }
        return new AppendResult(newVersions, row.getLong("first_position"), row.getLong("last_position"));
    }
}
