package dev.tally.projection.runtime;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of {@code <view>.checkpoints}: where each generation has folded the topic up to. They are written only by the
 * batch transaction ({@link BatchTransaction}), together with the view's rows.
 */
@ApplicationScoped
public class Checkpoints {

    private final Bookkeeping bookkeeping;

    Checkpoints(Bookkeeping bookkeeping) {
        this.bookkeeping = bookkeeping;
    }

    /** Next offset per partition stored for a generation. */
    public Uni<Map<Integer, Long>> nextOffsets(int generation) {
        return nextOffsets(bookkeeping.pool(), generation);
    }

    /** The same inside a caller's transaction. */
    Uni<Map<Integer, Long>> nextOffsets(SqlClient client, int generation) {
        return client.preparedQuery("SELECT kafka_partition, next_offset FROM " + bookkeeping.table("checkpoints")
                        + " WHERE generation = $1 AND topic = $2")
                .execute(Tuple.of(generation, bookkeeping.topic()))
                .map(rows -> {
                    Map<Integer, Long> result = new HashMap<>();
                    for (Row row : rows) {
                        result.put(row.getInteger(0), row.getLong(1));
                    }
                    return result;
                });
    }

    /** Every partition's checkpoint of a generation, in partition order. */
    public Uni<List<CheckpointRow>> rows(int generation) {
        return bookkeeping.pool().preparedQuery("SELECT kafka_partition, next_offset, last_event_time FROM "
                        + bookkeeping.table("checkpoints") + " WHERE generation = $1 AND topic = $2 ORDER BY kafka_partition")
                .execute(Tuple.of(generation, bookkeeping.topic()))
                .map(rows -> {
                    List<CheckpointRow> result = new ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime time = row.getOffsetDateTime(2);
                        result.add(new CheckpointRow(row.getInteger(0), row.getLong(1),
                                time == null ? null : time.toInstant()));
                    }
                    return result;
                });
    }
}
