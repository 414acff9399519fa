package dev.tally.eventstore;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The PostgreSQL event store (schema {@code eventstore}, migrated by Flyway from {@code db/eventstore}), reactive end
 * to end, as one CDI bean: the combination of its roles, each done by a class of its own. Inject the role a caller
 * needs ({@link StreamWriter}, {@link StreamReader}, {@link EventLog}, {@link Snapshots}, {@link KeptStates}); inject
 * this class only for what is PostgreSQL's own (appending in a transaction that also writes other rows).
 * Generic: it stores opaque JSON events in streams and knows nothing about what they mean.
 * <ul>
 * <li>appends, optimistic concurrency and the gap-free global order: {@link PostgresStreamWriter};</li>
 * <li>group commit of concurrent appends: {@link GroupCommitter};</li>
 * <li>stream reads, folds and the one state cache: {@link PostgresStreamReader};</li>
 * <li>the global log by position: {@link PostgresEventLog};</li>
 * <li>snapshots: {@link PostgresSnapshots}.</li>
 * </ul>
 */
@ApplicationScoped
public class EventStore implements StreamWriter, StreamReader, EventLog, Snapshots, KeptStates {

    private final PostgresStreamWriter writer;
    private final PostgresStreamReader reader;
    private final PostgresEventLog log;
    private final PostgresSnapshots snapshots;
    private final GroupCommitter groupCommitter;
    private final boolean groupCommit;
    private volatile AppendSpans spans = AppendSpans.OFF;

    @Inject
    public EventStore(Pool pool, EventStoreConfig config) {
        this(pool, config.snapshotEvery(), config.stateCacheSize(), config.groupCommit().limits());
    }

    /**
     * For use outside CDI. {@code snapshotEvery} 0 disables automatic snapshots, {@code stateCacheSize} 0 the
     * in-memory state cache; group commit with {@link GroupCommitLimits#DEFAULT}.
     */
    public EventStore(Pool pool, int snapshotEvery, int stateCacheSize) {
        this(pool, snapshotEvery, stateCacheSize, GroupCommitLimits.DEFAULT);
    }

    /** For use outside CDI, with group commit as given. */
    public EventStore(Pool pool, int snapshotEvery, int stateCacheSize, GroupCommitLimits groupCommit) {
        if (snapshotEvery < 0 || stateCacheSize < 0) {
            throw new IllegalArgumentException("snapshotEvery and stateCacheSize must be >= 0");
        }
        this.log = new PostgresEventLog(pool);
        this.snapshots = new PostgresSnapshots(pool, snapshotEvery);
        this.reader = new PostgresStreamReader(pool, snapshots, stateCacheSize);
        this.writer = new PostgresStreamWriter(pool, log);
        this.groupCommitter = new GroupCommitter(pool, log, groupCommit);
        this.groupCommit = groupCommit.enabled();
    }

    /**
     * Appends become spans ({@link AppendSpans}) when the host has an OpenTelemetry SDK that is not disabled
     * ({@code quarkus.otel.sdk.disabled}); otherwise nothing is traced and nothing is paid.
     */
    @Inject
    void traces(Instance<OpenTelemetry> openTelemetry,
                @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean sdkDisabled) {
        spans = openTelemetry.isResolvable() && !sdkDisabled
                ? new AppendSpans(openTelemetry.get().getTracer("tally-event-store")) : AppendSpans.OFF;
    }

    // --- StreamWriter, and PostgreSQL's transactional variants ---

    /** Group-committed (see {@link GroupCommitter}) unless group commit is off; then as {@link PostgresStreamWriter}. */
    @Override
    public Uni<AppendResult> append(List<StreamAppend> appends) {
        return spans.around(appends,
                () -> groupCommit ? groupCommitter.append(AppendRequest.of(appends)) : writer.append(appends));
    }

    /**
     * Appends the request's events, with its rows ({@link TransactionRows}) in the same transaction, sharing the
     * transaction with concurrent requests (group commit, see {@link GroupCommitter}); answers as
     * {@link #append(List)}, or with the rows' own failure. Completes once durable.
     */
    public Uni<AppendResult> append(AppendRequest<?> request) {
        return spans.around(request.appends(), () -> groupCommitter.append(request));
    }

    /** The group committer's counters (batches and their sizes), for tests and metrics. */
    public GroupCommitStats groupCommitStats() {
        return groupCommitter.stats();
    }

    /** Tells {@code observer} of every group-commit batch from now on (metrics); replaces the previous one. */
    public void observeGroupCommits(GroupCommitObserver observer) {
        groupCommitter.observe(observer == null ? GroupCommitObserver.NONE : observer);
    }

    /** Appends in the caller's transaction; see {@link PostgresStreamWriter} for the rules (last statement!). */
    public Uni<AppendResult> append(SqlConnection transaction, List<StreamAppend> appends) {
        return writer.append(transaction, appends);
    }

    /**
     * Appends in a transaction of its own after {@code sameTransaction} has run in it, commits and waits until
     * durable: all or nothing. See {@link PostgresStreamWriter}. Never group-committed (the statements are the
     * caller's); {@link #append(AppendRequest)} with {@link TransactionRows} is the batched way to write rows.
     */
    public Uni<AppendResult> append(List<StreamAppend> appends, Function<SqlConnection, Uni<?>> sameTransaction) {
        return spans.around(appends, () -> writer.append(appends, sameTransaction));
    }

    // --- StreamReader ---

    @Override
    public Uni<List<RecordedEvent>> readStream(String streamId, long fromVersion, int maxCount) {
        return reader.readStream(streamId, fromVersion, maxCount);
    }

    @Override
    public Uni<List<RecordedEvent>> readStreams(List<String> streamIds) {
        return reader.readStreams(streamIds);
    }

    @Override
    public Uni<Long> streamVersion(String streamId) {
        return reader.streamVersion(streamId);
    }

    @Override
    public <S> Uni<LoadedStream<S>> load(String streamId, SnapshotCodec<S> codec, S initial,
                                         BiFunction<S, RecordedEvent, S> evolve) {
        return reader.load(streamId, codec, initial, evolve);
    }

    @Override
    public <S> Uni<LoadedStream<S>> load(String streamId, S initial, BiFunction<S, RecordedEvent, S> evolve) {
        return reader.load(streamId, initial, evolve);
    }

    // --- KeptStates ---

    @Override
    public <S> Optional<LoadedStream<S>> kept(String streamId, SnapshotCodec<S> codec) {
        return reader.kept(streamId, codec);
    }

    @Override
    public <S> void keep(String streamId, SnapshotCodec<S> codec, long previousVersion, long version, S state) {
        reader.keep(streamId, codec, previousVersion, version, state);
    }

    @Override
    public void forget(String streamId) {
        reader.forget(streamId);
    }

    // --- EventLog ---

    @Override
    public Uni<List<RecordedEvent>> readAll(long afterPosition, int limit) {
        return log.readAll(afterPosition, limit);
    }

    @Override
    public Uni<List<RecordedEvent>> readAll(SqlClient client, long afterPosition, int limit) {
        return log.readAll(client, afterPosition, limit);
    }

    @Override
    public Uni<Long> headPosition() {
        return log.headPosition();
    }

    @Override
    public Uni<Void> awaitDurable(SqlClient client) {
        return log.awaitDurable(client);
    }

    @Override
    public Uni<List<String>> streamIds(String afterStreamId, long atPosition, int limit, String firstEventType) {
        return log.streamIds(afterStreamId, atPosition, limit, firstEventType);
    }

    // --- Snapshots ---

    @Override
    public Uni<Optional<Snapshot>> loadSnapshot(String streamId) {
        return snapshots.loadSnapshot(streamId);
    }

    @Override
    public <S> Uni<Void> saveSnapshot(String streamId, long version, SnapshotCodec<S> codec, S state) {
        return snapshots.saveSnapshot(streamId, version, codec, state);
    }

    @Override
    public <S> void snapshotIfDue(String streamId, long previousVersion, long version, SnapshotCodec<S> codec,
                                  S state) {
        snapshots.snapshotIfDue(streamId, previousVersion, version, codec, state);
    }
}
