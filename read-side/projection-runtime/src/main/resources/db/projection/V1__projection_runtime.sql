-- Bookkeeping of the projection runtime, in the view's stable schema ${view_schema}.
-- The view's data lives in generation schemas ${view_schema}_g<N>, created by the runtime (not by this migration)
-- from the view's own DDL; queries read the SQL views ${view_schema}.<table> that point at the ACTIVE generation.

-- One row per table set ever built. Exactly one is ACTIVE (served); at most one is BUILDING (a rebuild).
CREATE TABLE ${view_schema}.generations (
    n            integer     NOT NULL,
    schema_name  text        NOT NULL,
    status       text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    dropped_at   timestamptz,
    CONSTRAINT generations_pk PRIMARY KEY (n),
    CONSTRAINT generations_schema_unique UNIQUE (schema_name),
    CONSTRAINT generations_status_known CHECK (status IN ('ACTIVE', 'BUILDING', 'RETIRED', 'ABANDONED'))
);
CREATE UNIQUE INDEX generations_one_active ON ${view_schema}.generations ((true)) WHERE status = 'ACTIVE';
CREATE UNIQUE INDEX generations_one_building ON ${view_schema}.generations ((true)) WHERE status = 'BUILDING';

-- Where each generation has folded the log up to: the next offset to read per partition. Written in the same
-- transaction as the view's rows, so offsets live only here (never committed to Kafka) and the effect is exactly once.
CREATE TABLE ${view_schema}.checkpoints (
    generation       integer     NOT NULL,
    topic            text        NOT NULL,
    kafka_partition  integer     NOT NULL,
    next_offset      bigint      NOT NULL,
    -- Time of the last event handled on this partition, for the lag in seconds.
    last_event_time  timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT checkpoints_pk PRIMARY KEY (generation, topic, kafka_partition),
    CONSTRAINT checkpoints_generation_fk FOREIGN KEY (generation) REFERENCES ${view_schema}.generations (n) ON DELETE CASCADE,
    CONSTRAINT checkpoints_offset_not_negative CHECK (next_offset >= 0)
);

-- Per generation: the position frontier F (every event with a global position <= F has been handled) and counters.
-- Positions are dense across the whole log, so F is exact: read-your-writes waits for F >= the command's position.
CREATE TABLE ${view_schema}.progress (
    generation     integer     NOT NULL,
    frontier       bigint      NOT NULL DEFAULT 0,
    applied        bigint      NOT NULL DEFAULT 0,
    redelivered    bigint      NOT NULL DEFAULT 0,
    dead_lettered  bigint      NOT NULL DEFAULT 0,
    skipped        bigint      NOT NULL DEFAULT 0,
    ignored        bigint      NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT progress_pk PRIMARY KEY (generation),
    CONSTRAINT progress_generation_fk FOREIGN KEY (generation) REFERENCES ${view_schema}.generations (n) ON DELETE CASCADE
);

-- Handled positions above the frontier (partitions progress unevenly): the frontier walks over them.
CREATE TABLE ${view_schema}.pending_positions (
    generation  integer NOT NULL,
    position    bigint  NOT NULL,
    CONSTRAINT pending_positions_pk PRIMARY KEY (generation, position),
    CONSTRAINT pending_positions_generation_fk FOREIGN KEY (generation) REFERENCES ${view_schema}.generations (n) ON DELETE CASCADE
);

-- Called once per batch inside the batch's transaction: records the positions the batch handled, walks the frontier
-- over every contiguous handled position, adds the batch's counts and, when the frontier moved, notifies
-- '${view_schema}_frontier' with '<generation>:<frontier>' (delivered at commit). Returns the frontier.
CREATE FUNCTION ${view_schema}.advance_frontier(
    gen integer, handled bigint[],
    n_applied bigint, n_redelivered bigint, n_dead_lettered bigint, n_skipped bigint, n_ignored bigint)
    RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    f   bigint;
    top bigint;
BEGIN
    -- The row lock serialises frontier walks of one generation across consumers (replicas own other partitions).
    SELECT frontier INTO f FROM ${view_schema}.progress WHERE generation = gen FOR UPDATE;
    IF f IS NULL THEN
        RAISE EXCEPTION 'no progress row for generation %', gen;
    END IF;
    INSERT INTO ${view_schema}.pending_positions (generation, position)
        SELECT gen, p FROM unnest(handled) AS p WHERE p > f
        ON CONFLICT DO NOTHING;
    IF EXISTS (SELECT 1 FROM ${view_schema}.pending_positions WHERE generation = gen AND position = f + 1) THEN
        -- End of the contiguous run that starts at f + 1.
        SELECT p.position INTO top
          FROM ${view_schema}.pending_positions p
         WHERE p.generation = gen AND p.position > f
           AND NOT EXISTS (SELECT 1 FROM ${view_schema}.pending_positions q
                            WHERE q.generation = gen AND q.position = p.position + 1)
         ORDER BY p.position
         LIMIT 1;
        DELETE FROM ${view_schema}.pending_positions WHERE generation = gen AND position <= top;
        f := top;
        PERFORM pg_notify('${view_schema}_frontier', gen || ':' || f);
    END IF;
    UPDATE ${view_schema}.progress
       SET frontier = f,
           applied = applied + n_applied,
           redelivered = redelivered + n_redelivered,
           dead_lettered = dead_lettered + n_dead_lettered,
           skipped = skipped + n_skipped,
           ignored = ignored + n_ignored,
           updated_at = now()
     WHERE generation = gen;
    RETURN f;
END
$$;
