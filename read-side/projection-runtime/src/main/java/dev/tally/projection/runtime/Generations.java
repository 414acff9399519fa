package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of generations ({@code <view>.generations}): the first ACTIVE one, a BUILDING one for a rebuild, the
 * switch-over between them, and dropping old retired schemas. Creating a table set concurrently from several
 * replicas is serialised by an advisory lock on the table's name.
 */
@ApplicationScoped
public class Generations {

    private final Bookkeeping bookkeeping;
    private final TableSets tableSets;
    private final Checkpoints checkpoints;

    Generations(Bookkeeping bookkeeping, TableSets tableSets, Checkpoints checkpoints) {
        this.bookkeeping = bookkeeping;
        this.tableSets = tableSets;
        this.checkpoints = checkpoints;
    }

    public Uni<Optional<Generation>> in(GenerationStatus status) {
        return bookkeeping.pool().preparedQuery("SELECT n, schema_name FROM " + bookkeeping.table("generations")
                        + " WHERE status = $1")
                .execute(Tuple.of(status.name()))
                .map(rows -> rows.size() == 0 ? Optional.<Generation>empty()
                        : Optional.of(generation(rows.iterator().next())));
    }

    /**
     * Returns the ACTIVE generation, creating generation 1 (schema, stream_versions, the view's tables and the SQL
     * views) in one transaction when there is none. An advisory lock makes concurrent replicas agree.
     */
    public Uni<Generation> ensureActive(Projection<?> projection) {
        return bookkeeping.pool().withTransaction(tx -> lockGenerations(tx)
                .chain(() -> tx.preparedQuery("SELECT n, schema_name FROM " + bookkeeping.table("generations")
                                + " WHERE status = $1")
                        .execute(Tuple.of(GenerationStatus.ACTIVE.name())))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().item(generation(rows.iterator().next()));
                    }
                    return next(tx).chain(g -> tableSets.create(tx, g, GenerationStatus.ACTIVE, projection)
                            .chain(() -> tableSets.pointViewsAt(tx, g, projection))
                            .replaceWith(g));
                }));
    }

    /** Creates generation N+1 as BUILDING, or fails with {@link RebuildConflictException} if one is building. */
    public Uni<Generation> createBuilding(Projection<?> projection) {
        return bookkeeping.pool().withTransaction(tx -> lockGenerations(tx)
                .chain(() -> tx.preparedQuery("SELECT n FROM " + bookkeeping.table("generations") + " WHERE status = $1")
                        .execute(Tuple.of(GenerationStatus.BUILDING.name())))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().failure(
                                new RebuildConflictException(rows.iterator().next().getInteger(0)));
                    }
                    return next(tx).chain(g -> tableSets.create(tx, g, GenerationStatus.BUILDING, projection)
                            .replaceWith(g));
                }));
    }

    private Uni<Void> lockGenerations(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(bookkeeping.table("generations"))).replaceWithVoid();
    }

    private Uni<Generation> next(SqlConnection tx) {
        return tx.query("SELECT coalesce(max(n), 0) + 1 FROM " + bookkeeping.table("generations")).execute()
                .map(rows -> Generation.of(bookkeeping.view(), rows.iterator().next().getInteger(0)));
    }

    /**
     * The switch-over of a rebuild, on a connection whose transaction the caller began: locks the ACTIVE generation's
     * row (every live batch transaction holds it shared, so this waits for the batch in flight and holds off the
     * next ones until commit) and returns it with its checkpoints, which cannot move while the lock is held.
     */
    public Uni<GenerationOffsets> lockActive(SqlConnection tx) {
        return tx.preparedQuery("SELECT n, schema_name FROM " + bookkeeping.table("generations")
                        + " WHERE status = $1 FOR UPDATE")
                .execute(Tuple.of(GenerationStatus.ACTIVE.name()))
                .chain(rows -> {
                    Generation active = generation(rows.iterator().next());
                    return checkpoints.nextOffsets(tx, active.n()).map(offsets -> new GenerationOffsets(active, offsets));
                });
    }

    /** Second half of the switch-over: {@code retired} RETIRED, {@code next} ACTIVE, SQL views on {@code next}. */
    public Uni<Void> switchOver(SqlConnection tx, Generation retired, Generation next, Projection<?> projection) {
        String update = "UPDATE " + bookkeeping.table("generations") + " SET status = $2, finished_at = now() WHERE n = $1";
        return tx.preparedQuery(update)
                .execute(Tuple.of(retired.n(), GenerationStatus.RETIRED.name()))
                .chain(() -> tx.preparedQuery(update + " AND status = $3 RETURNING n")
                        .execute(Tuple.of(next.n(), GenerationStatus.ACTIVE.name(), GenerationStatus.BUILDING.name())))
                .invoke(rows -> {
                    if (rows.size() != 1) {
                        throw new GenerationChangedException(next.n(), GenerationStatus.BUILDING, null);
                    }
                })
                .chain(() -> tableSets.pointViewsAt(tx, next, projection));
    }

    /** Drops the schemas of retired generations beyond the newest {@code keep}; returns the dropped schemas. */
    public Uni<List<String>> dropRetired(int keep) {
        return bookkeeping.pool().withTransaction(tx -> tx.preparedQuery("SELECT n, schema_name FROM "
                        + bookkeeping.table("generations") + " WHERE status IN ($1, $2) AND dropped_at IS NULL "
                        + "ORDER BY n DESC OFFSET $3 FOR UPDATE")
                .execute(Tuple.of(GenerationStatus.RETIRED.name(), GenerationStatus.ABANDONED.name(), Math.max(0, keep)))
                .chain(rows -> {
                    List<Generation> old = new ArrayList<>();
                    rows.forEach(r -> old.add(generation(r)));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Generation g : old) {
                        chain = chain.chain(() -> tx.query("DROP SCHEMA IF EXISTS "
                                        + Bookkeeping.identifier(g.schema(), "schema") + " CASCADE").execute())
                                .chain(() -> tx.preparedQuery("DELETE FROM " + bookkeeping.table("checkpoints")
                                                + " WHERE generation = $1")
                                        .execute(Tuple.of(g.n())))
                                .chain(() -> tx.preparedQuery("DELETE FROM " + bookkeeping.table("pending_positions")
                                                + " WHERE generation = $1")
                                        .execute(Tuple.of(g.n())))
                                .chain(() -> tx.preparedQuery("UPDATE " + bookkeeping.table("generations")
                                                + " SET dropped_at = now() WHERE n = $1")
                                        .execute(Tuple.of(g.n())))
                                .replaceWithVoid();
                    }
                    return chain.map(v -> old.stream().map(Generation::schema).toList());
                }));
    }

    private static Generation generation(Row row) {
        return new Generation(row.getInteger(0), row.getString(1));
    }
}
