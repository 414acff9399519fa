package dev.tally.projection.runtime;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads of {@code <view>.progress}: each generation's stored {@link Frontier} position and durable counters. They are
 * written only by the batch transaction ({@link BatchTransaction}, through {@code advance_frontier}).
 */
@ApplicationScoped
public class ProgressStore {

    private final Bookkeeping bookkeeping;

    ProgressStore(Bookkeeping bookkeeping) {
        this.bookkeeping = bookkeeping;
    }

    public Uni<Optional<Progress>> progress(int generation) {
        return bookkeeping.pool().preparedQuery("SELECT generation, frontier, applied, redelivered, dead_lettered, "
                        + "skipped, ignored FROM " + bookkeeping.table("progress") + " WHERE generation = $1")
                .execute(Tuple.of(generation))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Progress(r.getInteger(0), r.getLong(1), r.getLong(2), r.getLong(3),
                            r.getLong(4), r.getLong(5), r.getLong(6)));
                });
    }

    /** A generation's stored frontier position; 0 when it has no progress row (yet). */
    public Uni<Long> frontier(int generation) {
        return progress(generation).map(p -> p.map(Progress::frontier).orElse(0L));
    }

    /** The ACTIVE generation and its frontier, for the periodic re-read. */
    public Uni<Optional<ActiveFrontier>> activeFrontier() {
        return bookkeeping.pool().preparedQuery("SELECT g.n, p.frontier FROM " + bookkeeping.table("generations")
                        + " g JOIN " + bookkeeping.table("progress") + " p ON p.generation = g.n WHERE g.status = $1")
                .execute(Tuple.of(GenerationStatus.ACTIVE.name()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new ActiveFrontier(r.getInteger(0), r.getLong(1)));
                });
    }
}
