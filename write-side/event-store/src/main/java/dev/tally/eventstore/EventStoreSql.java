package dev.tally.eventstore;

/** The event store's SQL, kept in one place so the position-section statement can be read as a whole. */
final class EventStoreSql {

    /**
     * The whole append in one statement (one round trip), see {@link PostgresStreamWriter} for why it is shaped like this.
     * <ol>
     * <li>{@code bump}: checks every expected version ({@code eventstore.stream_version_mismatch}, null when all
     * hold), then takes the counter row lock and reserves {@code $1} positions. The lock is held until the transaction
     * ends. If a version does not hold, no row is updated, so nothing is inserted and no lock is taken: the statement
     * answers {@code inserted = 0} and the mismatch in {@code conflict}, without an error (a lost race is an expected
     * outcome and must not fill the server log with ERRORs and the statement).</li>
     * <li>{@code inserted}: the events, unnested from one array per column, positions {@code value - $1 + 1 .. value}
     * in argument order. The unique (stream_id, stream_version) index rejects a writer that lost a race.</li>
     * <li>{@code notified}: wakes LISTENers ({@link EventLog#APPENDED_CHANNEL}); delivered at commit only.</li>
     * </ol>
     */
    static final String APPEND = """
            WITH bump AS (
                UPDATE eventstore.position_counter
                   SET value = value + $1::bigint
                 WHERE id = 1 AND eventstore.stream_version_mismatch($2::text[], $3::bigint[]) IS NULL
             RETURNING value
            ), inserted AS (
                INSERT INTO eventstore.events (position, stream_id, stream_version, event_id, event_type,
                                               schema_version, data, metadata, recorded_at)
                SELECT b.value - $1::bigint + e.ord, e.stream_id, e.stream_version, e.event_id, e.event_type,
                       e.schema_version, e.data::jsonb,
                       jsonb_strip_nulls(jsonb_build_object('correlation_id', e.correlation_id,
                                                            'causation_id', e.causation_id,
                                                            'traceparent', e.traceparent,
                                                            'actor', e.actor)),
                       clock_timestamp()
                  FROM bump b,
                       unnest($4::text[], $5::bigint[], $6::uuid[], $7::text[], $8::int[], $9::text[],
                              $10::text[], $11::text[], $12::text[], $13::text[])
                           WITH ORDINALITY AS e(stream_id, stream_version, event_id, event_type, schema_version,
                                                data, correlation_id, causation_id, traceparent, actor, ord)
             RETURNING position
            ), notified AS (
                SELECT pg_notify('%s', max(position)::text) FROM inserted HAVING count(*) > 0
            )
            SELECT (SELECT min(position) FROM inserted) AS first_position,
                   (SELECT max(position) FROM inserted) AS last_position,
                   (SELECT count(*) FROM inserted) AS inserted,
                   (SELECT count(*) FROM notified) AS notified,
                   CASE WHEN NOT EXISTS (SELECT 1 FROM bump)
                        THEN eventstore.stream_version_mismatch($2::text[], $3::bigint[]) END AS conflict
            """.formatted(EventLog.APPENDED_CHANNEL);

    /**
     * A group-committed batch in one statement, run right after {@link #LOCK_POSITIONS} (so it reads the streams as
     * the last holder of the lock left them), see {@link GroupCommitter} for why.
     * <ol>
     * <li>{@code checked}: each stream of each request ({@code $1} request number, {@code $2} stream, {@code $3}
     * expected version, null for any()) with its current version.</li>
     * <li>{@code accepted_requests}: the requests all of whose conditions hold; callers' rows CTEs
     * ({@link TransactionRows}) read it.</li>
     * <li>{@code accepted_events}: the events of those requests, numbered 1..n in argument order, each versioned
     * after its stream's current version ({@code $4} append number, {@code $5} offset in the append).</li>
     * <li>{@code bump}, {@code inserted}, {@code notified}: as in {@link #APPEND}, for the accepted events only.</li>
     * </ol>
     * Answers one row per stream append, in argument order. {@code %s} is where callers' rows CTEs go.
     */
    static final String APPEND_BATCH = """
            WITH checked AS (
                SELECT c.append_no, c.request_no, c.stream_id, c.expected,
                       coalesce((SELECT max(e.stream_version) FROM eventstore.events e WHERE e.stream_id = c.stream_id),
                                0) AS actual
                  FROM unnest($1::int[], $2::text[], $3::bigint[])
                           WITH ORDINALITY AS c(request_no, stream_id, expected, append_no)
            ), accepted_requests AS (
                SELECT request_no FROM checked GROUP BY request_no HAVING bool_and(expected IS NULL OR expected = actual)
            ), accepted_events AS (
                SELECT row_number() OVER (ORDER BY e.ord) AS n, c.stream_id, c.actual + e.offset_in_append AS stream_version,
                       e.event_id, e.event_type, e.schema_version, e.data, e.correlation_id, e.causation_id,
                       e.traceparent, e.actor
                  FROM unnest($4::int[], $5::bigint[], $6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[],
                              $11::text[], $12::text[], $13::text[])
                           WITH ORDINALITY AS e(append_no, offset_in_append, event_id, event_type, schema_version, data,
                                                correlation_id, causation_id, traceparent, actor, ord)
                  JOIN checked c ON c.append_no = e.append_no
                 WHERE c.request_no IN (SELECT request_no FROM accepted_requests)
            ), bump AS (
                UPDATE eventstore.position_counter
                   SET value = value + (SELECT count(*) FROM accepted_events)
                 WHERE id = 1
             RETURNING value
            ), inserted AS (
                INSERT INTO eventstore.events (position, stream_id, stream_version, event_id, event_type,
                                               schema_version, data, metadata, recorded_at)
                SELECT b.value - (SELECT count(*) FROM accepted_events) + a.n, a.stream_id, a.stream_version,
                       a.event_id, a.event_type, a.schema_version, a.data::jsonb,
                       jsonb_strip_nulls(jsonb_build_object('correlation_id', a.correlation_id,
                                                            'causation_id', a.causation_id,
                                                            'traceparent', a.traceparent,
                                                            'actor', a.actor)),
                       clock_timestamp()
                  FROM bump b, accepted_events a
             RETURNING position
            ), notified AS (
                SELECT pg_notify('%s', max(position)::text) FROM inserted HAVING count(*) > 0
            )%%s
            SELECT c.append_no, c.request_no, c.actual,
                   c.request_no IN (SELECT request_no FROM accepted_requests) AS accepted,
                   (SELECT value FROM bump) AS last_position,
                   (SELECT count(*) FROM inserted) AS inserted,
                   (SELECT count(*) FROM notified) AS notified
              FROM checked c
             ORDER BY c.append_no
            """.formatted(EventLog.APPENDED_CHANNEL);

    /** Parameters of {@link #APPEND_BATCH} itself; callers' rows CTEs number theirs after these. */
    static final int APPEND_BATCH_PARAMETERS = 13;

    /** SQLSTATE raised by {@code eventstore.require_stream_versions} (V3; no longer called by the append). */
    static final String WRONG_VERSION_SQLSTATE = "ES409";

    /**
     * Takes the position lock ahead of the append (which then already holds it), so versions read after it stay
     * current until the commit: how {@link ExpectedVersion#any()} is resolved.
     */
    static final String LOCK_POSITIONS = "SELECT value FROM eventstore.position_counter WHERE id = 1 FOR UPDATE";

    /** Current version of each given stream (0 for none), read in a statement of its own after {@link #LOCK_POSITIONS}. */
    static final String STREAM_VERSIONS = """
            SELECT s.id AS stream_id,
                   coalesce((SELECT max(e.stream_version) FROM eventstore.events e WHERE e.stream_id = s.id), 0)
                       AS version
              FROM unnest($1::text[]) AS s(id)""";

    /**
     * Starts an append transaction that commits without waiting for the WAL flush, so it holds the position lock for
     * the shortest time; {@link #DURABILITY_BARRIER} then waits for the flush outside the lock.
     */
    static final String BEGIN_ASYNC_COMMIT = "BEGIN; SET LOCAL synchronous_commit TO off";

    /**
     * A transactional WAL record in an autocommit transaction: its commit (with the server's normal
     * {@code synchronous_commit}) waits until the WAL up to it, so every earlier commit, is flushed (and replicated,
     * if configured). Writes no table, needs no privilege and works at any {@code wal_level}; logical decoding
     * clients would see it as a message with this prefix.
     */
    static final String DURABILITY_BARRIER = "SELECT pg_logical_emit_message(true, 'tally.eventstore', '')::text";

    static final String EVENT_COLUMNS = """
            e.position, e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version,
            e.data::text AS data,
            e.metadata->>'correlation_id' AS correlation_id, e.metadata->>'causation_id' AS causation_id,
            e.metadata->>'traceparent' AS traceparent, e.metadata->>'actor' AS actor,
            e.recorded_at""";

    static final String READ_STREAM = "SELECT " + EVENT_COLUMNS + """

              FROM eventstore.events e
             WHERE e.stream_id = $1 AND e.stream_version >= $2
             ORDER BY e.stream_version
             LIMIT $3""";

    static final String READ_ALL = "SELECT " + EVENT_COLUMNS + """

              FROM eventstore.events e
             WHERE e.position > $1
             ORDER BY e.position
             LIMIT $2""";

    /**
     * Ids of the streams that existed at a position (their first event is at or below it), optionally only those whose
     * first event has a given type, in id order.
     */
    static final String STREAM_IDS = """
            SELECT e.stream_id
              FROM eventstore.events e
             WHERE e.stream_version = 1 AND e.stream_id > $1 AND e.position <= $2
               AND ($4::text IS NULL OR e.event_type = $4)
             ORDER BY e.stream_id
             LIMIT $3""";

    /** Every event of the given streams, by stream id then version. */
    static final String READ_STREAMS = "SELECT " + EVENT_COLUMNS + """

              FROM eventstore.events e
             WHERE e.stream_id = ANY($1)
             ORDER BY e.stream_id, e.stream_version""";

    static final String STREAM_VERSION =
            "SELECT coalesce(max(stream_version), 0) AS version FROM eventstore.events WHERE stream_id = $1";

    /** Committed value of the counter: every position up to it is committed and visible. */
    static final String HEAD_POSITION = "SELECT value FROM eventstore.position_counter WHERE id = 1";

    static final String LOAD_SNAPSHOT = """
            SELECT stream_version, state_type, state_version, state::text AS state
              FROM eventstore.snapshots
             WHERE stream_id = $1""";

    /** Never replaces a snapshot of the same codec with an older one (concurrent loaders may race). */
    static final String SAVE_SNAPSHOT = """
            INSERT INTO eventstore.snapshots AS s (stream_id, stream_version, state_type, state_version, state)
            VALUES ($1, $2, $3, $4, $5::text::jsonb)
            ON CONFLICT (stream_id) DO UPDATE
               SET stream_version = excluded.stream_version, state_type = excluded.state_type,
                   state_version = excluded.state_version, state = excluded.state, taken_at = now()
             WHERE s.stream_version < excluded.stream_version
                OR s.state_type <> excluded.state_type
                OR s.state_version <> excluded.state_version""";

    /**
     * Snapshot (kind 0, if one of this codec exists) and the tail after it (kind 1) in one statement, so both come
     * from the same MVCC snapshot: a concurrent snapshot save cannot make the tail start at the wrong version.
     */
    static final String LOAD_WITH_SNAPSHOT = """
            WITH snap AS (
                SELECT s.stream_version, s.state::text AS state
                  FROM eventstore.snapshots s
                 WHERE s.stream_id = $1 AND s.state_type = $2 AND s.state_version = $3
            )
            SELECT 0 AS kind, NULL::bigint AS position, $1::text AS stream_id, snap.stream_version,
                   NULL::uuid AS event_id, NULL::text AS event_type, NULL::int AS schema_version, snap.state AS data,
                   NULL::text AS correlation_id, NULL::text AS causation_id, NULL::text AS traceparent,
                   NULL::text AS actor, NULL::timestamptz AS recorded_at
              FROM snap
            UNION ALL
            SELECT 1 AS kind, """ + EVENT_COLUMNS + """

              FROM eventstore.events e
             WHERE e.stream_id = $1 AND e.stream_version > coalesce((SELECT stream_version FROM snap), 0)
            ORDER BY kind, stream_version""";

    private EventStoreSql() {
    }
}
