package dev.tally.projection;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * The view-specific part of a read service: how to decode the log's events, which tables a view has, and how a
 * batch of events changes them. Everything else (consuming Kafka, exactly-once per stream version, checkpoints,
 * dead-lettering, progress, read-your-writes, rebuilds) is the runtime's. A read service declares exactly one
 * {@code @ApplicationScoped} bean implementing this.
 *
 * <h2>Table sets and generations</h2>
 * A view's data lives in a <em>table set</em>: the tables {@link #createTableSet(String)} creates in one PostgreSQL
 * schema, {@code <view>_g<N>} (generation N). Queries never name a generation: for every table in
 * {@link #servedTables()} the runtime keeps a SQL view {@code <view>.<table>} (in the view's stable schema, e.g.
 * {@code accounts_view.accounts}) pointing at the active generation. A rebuild folds the log from the start into
 * generation N+1 while N keeps serving, then replaces those SQL views in one transaction: the atomic switch. So
 * query code (Panache entities, SQL) always reads {@code <view>.<table>}; projection code always writes
 * {@code <schema>.<table>} with the schema it is handed. Changing a view's table shape = bump the DDL and rebuild.
 *
 * @param <E> the decoded event type the view works with
 */
public interface Projection<E> {

    /**
     * The codec of the log this view reads: the CloudEvents source and type prefix its records carry (a record of any
     * other producer is dead-lettered as a broken envelope), e.g. the ledger's {@code LedgerCloudEvents.CODEC}.
     */
    EnvelopeCodec codec();

    /**
     * Decodes one envelope. Throw {@link dev.tally.envelope.UnknownEventTypeException} for a type or version this view
     * does not know (the runtime skips and counts it) and any other exception for a broken event (the runtime
     * dead-letters it with the reason). Return {@code null} for a known event the view does not care about.
     */
    E decode(EventEnvelope envelope);

    /**
     * DDL statements that create an empty table set in {@code schema} (the runtime creates the schema, its
     * {@code stream_versions} table, and runs these in one transaction). Use {@code schema + ".table"} names.
     */
    List<String> createTableSet(String schema);

    /** Tables of the set that queries read; each is served as {@code <view schema>.<table>}. */
    List<String> servedTables();

    /**
     * Applies a batch to the table set in {@code schema}, inside {@code tx} (which also advances the checkpoint and
     * the stream versions: all or nothing). The runtime has already dropped redeliveries: every event in the batch is
     * the next version of its stream, and a stream's events are in version order. Prefer set-based statements
     * ({@code executeBatch}, {@code unnest}) over one round trip per event: catch-up speed depends on it.
     */
    Uni<Void> apply(SqlConnection tx, String schema, List<Applied<E>> batch);

    /**
     * Called after the batch committed, for live updates (server-sent events). Must not block. {@code batch} is the
     * same list instance {@link #apply} received, so state computed in {@code apply} can be keyed by it.
     */
    default void committed(List<Applied<E>> batch) {
    }

    /**
     * Called when the transaction that {@link #apply} worked in did not commit (the batch will be folded again, as a
     * new list): drop anything kept for {@link #committed}. Must not block. Optional.
     */
    default void rolledBack(List<Applied<E>> batch) {
    }
}
