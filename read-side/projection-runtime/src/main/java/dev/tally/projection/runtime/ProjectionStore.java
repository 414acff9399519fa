package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * All SQL of the runtime: generations, checkpoints, stream versions and the per-batch transaction. Bookkeeping
 * tables live in the view's schema ({@code db/projection/V1__projection_runtime.sql}); each generation schema has
 * the view's tables plus {@code stream_versions}.
 */
@ApplicationScoped
public class ProjectionStore {

    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    public static final String ACTIVE = "ACTIVE";
    public static final String BUILDING = "BUILDING";
    public static final String RETIRED = "RETIRED";

    private final Pool pool;
    private final String view;
    private final String topic;
    private final String synchronousCommit;

    ProjectionStore(Pool pool, ProjectionConfig config) {
        this.pool = pool;
        this.view = identifier(config.view(), "tally.projection.view");
        this.topic = config.topic();
        this.synchronousCommit = switch (config.synchronousCommit()) {
            case "on", "off", "local", "remote_write", "remote_apply" -> config.synchronousCommit();
            default -> throw new IllegalArgumentException("tally.projection.synchronous-commit must be one of "
                    + "on, off, local, remote_write, remote_apply");
        };
    }

    public Pool pool() {
        return pool;
    }

    /** Schema and table names are spliced into SQL: only plain lower-case identifiers are accepted. */
    public static String identifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' must match " + IDENTIFIER.pattern());
        }
        return name;
    }

    public Uni<Optional<Generation>> generationIn(String status) {
        return pool.preparedQuery("SELECT n, schema_name FROM " + view + ".generations WHERE status = $1")
                .execute(Tuple.of(status))
                .map(rows -> rows.size() == 0 ? Optional.<Generation>empty()
                        : Optional.of(generation(rows.iterator().next())));
    }

    /**
     * Returns the ACTIVE generation, creating generation 1 (schema, stream_versions, the view's tables and the SQL
     * views) in one transaction when there is none. An advisory lock makes concurrent replicas agree.
     */
    public Uni<Generation> ensureActiveGeneration(Projection<?> projection) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(view + ".generations"))
                .chain(() -> tx.preparedQuery("SELECT n, schema_name FROM " + view + ".generations WHERE status = $1")
                        .execute(Tuple.of(ACTIVE)))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().item(generation(rows.iterator().next()));
                    }
                    return tx.query("SELECT coalesce(max(n), 0) + 1 FROM " + view + ".generations").execute()
                            .chain(next -> {
                                Generation g = Generation.of(view, next.iterator().next().getInteger(0));
                                return createTableSet(tx, g, ACTIVE, projection)
                                        .chain(() -> pointViewsAt(tx, g, projection))
                                        .replaceWith(g);
                            });
                }));
    }

    /** Creates generation N+1 as BUILDING, or fails with {@link RebuildConflictException} if one is building. */
    public Uni<Generation> createBuildingGeneration(Projection<?> projection) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(view + ".generations"))
                .chain(() -> tx.preparedQuery("SELECT n FROM " + view + ".generations WHERE status = $1")
                        .execute(Tuple.of(BUILDING)))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().failure(
                                new RebuildConflictException(rows.iterator().next().getInteger(0)));
                    }
                    return tx.query("SELECT coalesce(max(n), 0) + 1 FROM " + view + ".generations").execute()
                            .chain(next -> {
                                Generation g = Generation.of(view, next.iterator().next().getInteger(0));
                                return createTableSet(tx, g, BUILDING, projection).replaceWith(g);
                            });
                }));
    }

    private Uni<Void> createTableSet(SqlConnection tx, Generation g, String status, Projection<?> projection) {
        List<String> ddl = new ArrayList<>();
        ddl.add("SET LOCAL client_min_messages = warning"); // no NOTICE for the usual absence of leftovers
        ddl.add("DROP SCHEMA IF EXISTS " + g.schema() + " CASCADE"); // leftovers, e.g. after the bookkeeping was reset
        ddl.add("CREATE SCHEMA " + g.schema());
        ddl.add("CREATE TABLE " + g.schema() + ".stream_versions (stream_id text PRIMARY KEY, version bigint NOT NULL)");
        ddl.addAll(projection.createTableSet(g.schema()));
        Uni<Void> chain = tx.preparedQuery("INSERT INTO " + view + ".generations (n, schema_name, status) VALUES ($1, $2, $3)")
                .execute(Tuple.of(g.n(), g.schema(), status))
                .chain(() -> tx.preparedQuery("INSERT INTO " + view + ".progress (generation) VALUES ($1)")
                        .execute(Tuple.of(g.n())))
                .replaceWithVoid();
        for (String statement : ddl) {
            chain = chain.chain(() -> tx.query(statement).execute()).replaceWithVoid();
        }
        return chain;
    }

    /**
     * Points every served SQL view at generation {@code g}. CREATE OR REPLACE keeps each view's identity, so queries
     * waiting on it carry on with the new definition; it cannot change a view's columns, so when the new table's
     * columns differ (the view's DDL changed) the view is dropped and created instead, still inside the caller's
     * transaction (atomic, but queries blocked on the old view at that moment fail once: rebuild for a new DDL only).
     */
    public Uni<Void> pointViewsAt(SqlConnection tx, Generation g, Projection<?> projection) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String table : projection.servedTables()) {
            identifier(table, "served table");
            String create = "VIEW " + view + "." + table + " AS SELECT * FROM " + g.schema() + "." + table;
            chain = chain.chain(() -> columns(tx, view, table)
                    .chain(served -> columns(tx, g.schema(), table).map(fresh -> served.isEmpty() || served.equals(fresh)))
                    .chain(sameColumns -> {
                        if (sameColumns) {
                            return tx.query("CREATE OR REPLACE " + create).execute().replaceWithVoid();
                        }
                        return tx.query("DROP VIEW " + view + "." + table).execute()
                                .chain(() -> tx.query("CREATE " + create).execute())
                                .replaceWithVoid();
                    }));
        }
        return chain;
    }

    private static Uni<List<String>> columns(SqlConnection tx, String schema, String table) {
        return tx.preparedQuery("SELECT column_name || ' ' || data_type FROM information_schema.columns "
                        + "WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position")
                .execute(Tuple.of(schema, table))
                .map(rows -> {
                    List<String> result = new ArrayList<>();
                    rows.forEach(r -> result.add(r.getString(0)));
                    return result;
                });
    }

    /**
     * The switch-over of a rebuild, on a connection whose transaction the caller began: locks the ACTIVE generation's
     * row (every live batch transaction holds it shared, so this waits for the batch in flight and holds off the
     * next ones until commit) and returns it with its checkpoints, which cannot move while the lock is held.
     */
    public Uni<Map.Entry<Generation, Map<Integer, Long>>> lockActive(SqlConnection tx) {
        return tx.preparedQuery("SELECT n, schema_name FROM " + view + ".generations WHERE status = $1 FOR UPDATE")
                .execute(Tuple.of(ACTIVE))
                .chain(rows -> {
                    Generation active = generation(rows.iterator().next());
                    return tx.preparedQuery("SELECT kafka_partition, next_offset FROM " + view
                                    + ".checkpoints WHERE generation = $1 AND topic = $2")
                            .execute(Tuple.of(active.n(), topic))
                            .map(cps -> {
                                Map<Integer, Long> offsets = new HashMap<>();
                                cps.forEach(r -> offsets.put(r.getInteger(0), r.getLong(1)));
                                return Map.entry(active, offsets);
                            });
                });
    }

    /** Second half of the switch-over: {@code retired} RETIRED, {@code next} ACTIVE, SQL views on {@code next}. */
    public Uni<Void> switchOver(SqlConnection tx, Generation retired, Generation next, Projection<?> projection) {
        return tx.preparedQuery("UPDATE " + view + ".generations SET status = $2, finished_at = now() WHERE n = $1")
                .execute(Tuple.of(retired.n(), RETIRED))
                .chain(() -> tx.preparedQuery("UPDATE " + view + ".generations SET status = $2, finished_at = now() "
                                + "WHERE n = $1 AND status = $3 RETURNING n")
                        .execute(Tuple.of(next.n(), ACTIVE, BUILDING)))
                .invoke(rows -> {
                    if (rows.size() != 1) {
                        throw new GenerationChangedException(next.n(), BUILDING, "not BUILDING");
                    }
                })
                .chain(() -> pointViewsAt(tx, next, projection));
    }

    /** Drops the schemas of retired generations beyond the newest {@code keep}; returns the dropped schemas. */
    public Uni<List<String>> dropRetired(int keep) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT n, schema_name FROM " + view
                        + ".generations WHERE status IN ('RETIRED', 'ABANDONED') AND dropped_at IS NULL "
                        + "ORDER BY n DESC OFFSET $1 FOR UPDATE")
                .execute(Tuple.of(Math.max(0, keep)))
                .chain(rows -> {
                    List<Generation> old = new ArrayList<>();
                    rows.forEach(r -> old.add(generation(r)));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Generation g : old) {
                        chain = chain.chain(() -> tx.query("DROP SCHEMA IF EXISTS " + identifier(g.schema(), "schema")
                                        + " CASCADE").execute())
                                .chain(() -> tx.preparedQuery("DELETE FROM " + view + ".checkpoints WHERE generation = $1")
                                        .execute(Tuple.of(g.n())))
                                .chain(() -> tx.preparedQuery("DELETE FROM " + view + ".pending_positions WHERE generation = $1")
                                        .execute(Tuple.of(g.n())))
                                .chain(() -> tx.preparedQuery("UPDATE " + view + ".generations SET dropped_at = now() WHERE n = $1")
                                        .execute(Tuple.of(g.n())))
                                .replaceWithVoid();
                    }
                    return chain.map(v -> old.stream().map(Generation::schema).toList());
                }));
    }

    /** Next offset per partition stored for a generation. */
    public Uni<Map<Integer, Long>> checkpoints(int generation) {
        return pool.preparedQuery("SELECT kafka_partition, next_offset FROM " + view
                        + ".checkpoints WHERE generation = $1 AND topic = $2")
                .execute(Tuple.of(generation, topic))
                .map(rows -> {
                    Map<Integer, Long> result = new HashMap<>();
                    for (Row row : rows) {
                        result.put(row.getInteger(0), row.getLong(1));
                    }
                    return result;
                });
    }

    public record CheckpointRow(int partition, long nextOffset, Instant lastEventTime) {
    }

    public Uni<List<CheckpointRow>> checkpointRows(int generation) {
        return pool.preparedQuery("SELECT kafka_partition, next_offset, last_event_time FROM " + view
                        + ".checkpoints WHERE generation = $1 AND topic = $2 ORDER BY kafka_partition")
                .execute(Tuple.of(generation, topic))
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

    public record Progress(int generation, long frontier, long applied, long redelivered, long deadLettered,
                           long skipped, long ignored) {
    }

    public Uni<Optional<Progress>> progress(int generation) {
        return pool.preparedQuery("SELECT generation, frontier, applied, redelivered, dead_lettered, skipped, ignored FROM "
                        + view + ".progress WHERE generation = $1")
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

    /** The ACTIVE generation and its frontier, for the periodic re-read. */
    public Uni<Optional<long[]>> activeFrontier() {
        return pool.preparedQuery("SELECT g.n, p.frontier FROM " + view + ".generations g JOIN " + view
                        + ".progress p ON p.generation = g.n WHERE g.status = $1")
                .execute(Tuple.of(ACTIVE))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new long[] {
                        rows.iterator().next().getInteger(0), rows.iterator().next().getLong(1)}));
    }

    /** Stored versions of the given streams in a generation (missing stream = version 0). */
    public Uni<Map<String, Long>> streamVersions(Generation g, Set<String> streams) {
        if (streams.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT stream_id, version FROM " + g.schema() + ".stream_versions WHERE stream_id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(streams.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> result = new HashMap<>();
                    for (Row row : rows) {
                        result.put(row.getString(0), row.getLong(1));
                    }
                    return result;
                });
    }

    /**
     * The batch transaction: checks the generation is still {@code expectedStatus} (a shared lock that a rebuild's
     * switch-over waits for), fences each partition's checkpoint against a concurrent or earlier writer, applies the
     * events, stores stream versions and checkpoints, and walks the frontier. Returns the frontier after the batch.
     */
    public <E> Uni<Long> commitBatch(Generation g, String expectedStatus, BatchPlan<E> plan, Projection<E> projection) {
        return pool.withTransaction(tx -> checkAndFence(tx, g, expectedStatus, plan)
                .chain(() -> plan.toApply().isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().deferred(() -> projection.apply(tx, g.schema(), plan.toApply())))
                .chain(() -> progress(tx, g, plan)));
    }

    /**
     * First statement of a batch: sets the commit mode, takes the generation's row shared (a switch-over takes it
     * exclusively) and checks its status, and locks the batch's checkpoint rows, failing if one is already past the
     * batch's start (a zombie or an earlier attempt committed it). One round trip.
     */
    private Uni<Void> checkAndFence(SqlConnection tx, Generation g, String expectedStatus, BatchPlan<?> plan) {
        Integer[] partitions = plan.partitions().keySet().toArray(Integer[]::new);
        String sql = "WITH gen AS (SELECT status FROM " + view + ".generations WHERE n = $1 FOR SHARE), "
                + "cp AS (SELECT kafka_partition, next_offset FROM " + view + ".checkpoints "
                + "WHERE generation = $1 AND topic = $2 AND kafka_partition = ANY($3) FOR UPDATE) "
                + "SELECT (SELECT status FROM gen), set_config('synchronous_commit', $4, true), cp.kafka_partition, cp.next_offset "
                + "FROM (SELECT 1) AS one LEFT JOIN cp ON true";
        return tx.preparedQuery(sql)
                .execute(Tuple.tuple().addInteger(g.n()).addString(topic).addArrayOfInteger(partitions)
                        .addString(synchronousCommit))
                .invoke(rows -> {
                    Set<Integer> stale = new HashSet<>();
                    String status = "MISSING";
                    for (Row row : rows) {
                        status = row.getString(0) == null ? "MISSING" : row.getString(0);
                        Integer partition = row.getInteger(2);
                        if (partition != null && row.getLong(3) > plan.partitions().get(partition).firstOffset()) {
                            stale.add(partition);
                        }
                    }
                    if (!expectedStatus.equals(status)) {
                        throw new GenerationChangedException(g.n(), expectedStatus, status);
                    }
                    if (!stale.isEmpty()) {
                        throw new StaleBatchException(stale);
                    }
                })
                .replaceWithVoid();
    }

    /** Stream versions, checkpoints and the frontier in one statement (data-modifying CTEs run in any case). */
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
                + "offsets AS (INSERT INTO " + view + ".checkpoints AS c (generation, topic, kafka_partition, next_offset, last_event_time) "
                + "SELECT $3, $4, p, o, t FROM unnest($5::int[], $6::bigint[], $7::timestamptz[]) AS u(p, o, t) "
                + "ON CONFLICT (generation, topic, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, "
                + "last_event_time = coalesce(EXCLUDED.last_event_time, c.last_event_time), updated_at = now()) "
                + "SELECT " + view + ".advance_frontier($3, $8, $9, $10, $11, $12, $13)";
        return tx.preparedQuery(sql)
                .execute(Tuple.tuple()
                        .addArrayOfString(streams).addArrayOfLong(versions)
                        .addInteger(g.n()).addString(topic)
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

    private static Generation generation(Row row) {
        return new Generation(row.getInteger(0), row.getString(1));
    }
}
