package dev.tally.projection.runtime;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads of a generation's {@code stream_versions}: the version each stream has been folded up to, which the version
 * guard ({@link BatchPlanner}) compares each event with. Written by the batch transaction ({@link BatchTransaction}).
 */
@ApplicationScoped
public class StreamVersions {

    private final Bookkeeping bookkeeping;

    StreamVersions(Bookkeeping bookkeeping) {
        this.bookkeeping = bookkeeping;
    }

    /** Stored versions of the given streams in a generation (a missing stream is at version 0). */
    public Uni<Map<String, Long>> of(Generation g, Set<String> streams) {
        if (streams.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // A semi-join, not "= ANY($1)": a generic plan made while the table was small would scan it and test each
        // row against the whole array (bench/results/read-2026-12-07-catch-up-profile.md, "The batch read").
        return bookkeeping.pool().preparedQuery("SELECT stream_id, version FROM " + g.schema()
                        + ".stream_versions WHERE stream_id IN (SELECT unnest($1::text[]))")
                .execute(Tuple.tuple().addArrayOfString(streams.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> result = new HashMap<>();
                    for (Row row : rows) {
                        result.put(row.getString(0), row.getLong(1));
                    }
                    return result;
                });
    }
}
