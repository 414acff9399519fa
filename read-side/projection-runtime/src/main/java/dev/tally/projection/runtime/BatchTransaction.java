package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one transaction of a batch, in as few round trips as the batch allows (two plus the view's own statements):
 * it checks the generation is still in the expected state (a shared lock that a rebuild's switch-over waits for),
 * fences each partition's checkpoint against a concurrent or earlier writer, applies the events, stores stream
 * versions and checkpoints, and advances the {@link Frontier}. Returns the frontier position after the batch.
 */
@ApplicationScoped
public class BatchTransaction {

    private final Bookkeeping bookkeeping;
    private final String synchronousCommit;

    BatchTransaction(Bookkeeping bookkeeping, ProjectionConfig config) {
        this.bookkeeping = bookkeeping;
        this.synchronousCommit = switch (config.synchronousCommit()) {
            case "on", "off", "local", "remote_write", "remote_apply" -> config.synchronousCommit();
            default -> throw new IllegalArgumentException("tally.projection.synchronous-commit must be one of "
                    + "on, off, local, remote_write, remote_apply");
        };
    }

    /**
     * Runs the batch's transaction with as few waits as its statements allow: BEGIN goes out with the first statement,
     * and COMMIT right behind the last one, without waiting for either answer (the connection keeps their order; if
     * the last statement fails, PostgreSQL answers that COMMIT with a rollback). Live batches are a handful of events,
     * so round trips, not statements, are most of their cost.
     */
    public <E> Uni<Long> commit(Generation g, GenerationStatus expected, BatchPlan<E> plan, Projection<E> projection,
                                Map<Integer, Long> committedBefore) {
        return bookkeeping.pool().withConnection(tx -> Pipelined.inOrder(tx.query("BEGIN").execute(),
                        checkAndFence(tx, g, expected, plan, committedBefore))
                .chain(() -> plan.toApply().isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().deferred(() -> projection.apply(tx, g.schema(), plan.toApply())))
                // Before COMMIT is sent: end the transaction before the pool reuses the connection.
                .onFailure().call(() -> tx.query("ROLLBACK").execute().onFailure().recoverWithNull())
                .chain(() -> Pipelined.inOrder(progress(tx, g, plan), tx.query("COMMIT").execute())));
    }

    /**
     * First statement of a batch: sets the commit mode, takes the generation's row shared (a switch-over takes it
     * exclusively) and checks its status, and locks the batch's checkpoint rows, failing if one is already past the
     * batch's start (a zombie or an earlier attempt committed it), or behind what this consumer committed before
     * ({@code committedBefore}: partition to checkpoint; those commits were lost). One round trip.
     */
    private Uni<Void> checkAndFence(SqlConnection tx, Generation g, GenerationStatus expected, BatchPlan<?> plan,
                                    Map<Integer, Long> committedBefore) {
        Integer[] partitions = plan.partitions().keySet().toArray(Integer[]::new);
        String sql = "WITH gen AS (SELECT status FROM " + bookkeeping.table("generations") + " WHERE n = $1 FOR SHARE), "
                + "cp AS (SELECT kafka_partition, next_offset FROM " + bookkeeping.table("checkpoints") + " "
                + "WHERE generation = $1 AND topic = $2 AND kafka_partition = ANY($3) FOR UPDATE) "
                + "SELECT (SELECT status FROM gen), set_config('synchronous_commit', $4, true), cp.kafka_partition, cp.next_offset "
                + "FROM (SELECT 1) AS one LEFT JOIN cp ON true";
        return tx.preparedQuery(sql)
                .execute(Tuple.tuple().addInteger(g.n()).addString(bookkeeping.topic()).addArrayOfInteger(partitions)
                        .addString(synchronousCommit))
                .invoke(rows -> {
                    Set<Integer> stale = new HashSet<>();
                    Set<Integer> lost = new HashSet<>(committedBefore.keySet());
                    lost.retainAll(plan.partitions().keySet());
                    GenerationStatus status = null;
                    for (Row row : rows) {
                        status = GenerationStatus.stored(row.getString(0));
                        Integer partition = row.getInteger(2);
                        if (partition == null) {
                            continue;
                        }
                        long stored = row.getLong(3);
                        if (stored > plan.partitions().get(partition).firstOffset()) {
                            stale.add(partition);
                        }
                        if (stored >= committedBefore.getOrDefault(partition, Long.MIN_VALUE)) {
                            lost.remove(partition);
                        }
                    }
                    if (status != expected) {
                        throw new GenerationChangedException(g.n(), expected, status);
                    }
                    if (!stale.isEmpty()) {
                        throw new StaleBatchException(stale);
                    }
                    if (!lost.isEmpty()) {
                        throw new LostProgressException(lost);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Stream versions, checkpoints and the frontier in one statement (data-modifying CTEs run in any case). The
     * frontier's rule ({@link Frontier#advance}) runs in {@code advance_frontier} next to the stored value: the
     * pending positions and the row lock that serialises replicas are there (README, "Read-your-writes").
     */
    private Uni<Long> progress(SqlConnection tx, Generation g, BatchPlan<?> plan) {
        String[] streams = plan.streamVersions().keySet().toArray(String[]::new);
        Long[] versions = plan.streamVersions().values().toArray(Long[]::new);
        int size = plan.partitions().size();
        Integer[] partitions = new Integer[size];
        Long[] offsets = new Long[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        int i = 0;
        for (var entry : plan.partitions().entrySet()) {
            partitions[i] = entry.getKey();
            offsets[i] = entry.getValue().nextOffset();
            Instant time = entry.getValue().lastEventTime();
            times[i] = time == null ? null : time.atOffset(ZoneOffset.UTC);
            i++;
        }
        String sql = "WITH versions AS (INSERT INTO " + g.schema() + ".stream_versions (stream_id, version) "
                + "SELECT * FROM unnest($1::text[], $2::bigint[]) "
                + "ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version), "
                + "offsets AS (INSERT INTO " + bookkeeping.table("checkpoints")
                + " AS c (generation, topic, kafka_partition, next_offset, last_event_time) "
                + "SELECT $3, $4, p, o, t FROM unnest($5::int[], $6::bigint[], $7::timestamptz[]) AS u(p, o, t) "
                + "ON CONFLICT (generation, topic, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, "
                + "last_event_time = coalesce(EXCLUDED.last_event_time, c.last_event_time), updated_at = now()) "
                + "SELECT " + bookkeeping.table("advance_frontier") + "($3, $8, $9, $10, $11, $12, $13)";
        return tx.preparedQuery(sql)
                .execute(Tuple.tuple()
                        .addArrayOfString(streams).addArrayOfLong(versions)
                        .addInteger(g.n()).addString(bookkeeping.topic())
                        .addArrayOfInteger(partitions).addArrayOfLong(offsets).addArrayOfOffsetDateTime(times)
                        .addArrayOfLong(boxed(plan.handled()))
                        .addLong((long) plan.toApply().size())
                        .addLong((long) plan.redelivered())
                        .addLong((long) plan.deadLetters().size())
                        .addLong((long) plan.skipped())
                        .addLong((long) plan.ignored()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Long[] boxed(long[] values) {
        Long[] result = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
