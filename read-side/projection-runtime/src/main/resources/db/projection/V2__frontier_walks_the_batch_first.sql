-- Called once per batch inside the batch's transaction: walks the frontier over the batch's handled positions and
-- the pending ones, keeps the rest pending, adds the batch's counts and, when the frontier moved, notifies
-- '${view_schema}_frontier' with '<generation>:<frontier>' (delivered at commit). Returns the frontier.
-- Positions that the frontier passes at once (the usual case live) never touch the pending table.
CREATE OR REPLACE FUNCTION ${view_schema}.advance_frontier(
    gen integer, handled bigint[],
    n_applied bigint, n_redelivered bigint, n_dead_lettered bigint, n_skipped bigint, n_ignored bigint)
    RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    f     bigint;
    start bigint;
    top   bigint;
    batch bigint[];
    i     integer := 1;
    n     integer;
BEGIN
    -- The row lock serialises frontier walks of one generation across consumers (replicas own other partitions).
    SELECT frontier INTO f FROM ${view_schema}.progress WHERE generation = gen FOR UPDATE;
    IF f IS NULL THEN
        RAISE EXCEPTION 'no progress row for generation %', gen;
    END IF;
    start := f;
    batch := ARRAY(SELECT DISTINCT p FROM unnest(handled) AS p WHERE p > f ORDER BY p);
    n := coalesce(array_length(batch, 1), 0);
    -- Fast path: the batch's positions that continue the frontier directly (live, one event at a time).
    WHILE i <= n AND batch[i] = f + 1 LOOP
        f := f + 1;
        i := i + 1;
    END LOOP;
    IF i <= n THEN
        INSERT INTO ${view_schema}.pending_positions (generation, position)
            SELECT gen, p FROM unnest(batch[i:n]) AS p
            ON CONFLICT DO NOTHING;
    END IF;
    -- Every handled position above f is now pending: one walk over the contiguous run that starts at f + 1.
    IF EXISTS (SELECT 1 FROM ${view_schema}.pending_positions WHERE generation = gen AND position = f + 1) THEN
        SELECT p.position INTO top
          FROM ${view_schema}.pending_positions p
         WHERE p.generation = gen AND p.position > f
           AND NOT EXISTS (SELECT 1 FROM ${view_schema}.pending_positions q
                            WHERE q.generation = gen AND q.position = p.position + 1)
         ORDER BY p.position
         LIMIT 1;
        DELETE FROM ${view_schema}.pending_positions WHERE generation = gen AND position <= top;
        f := top;
    END IF;
    IF f > start THEN
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
