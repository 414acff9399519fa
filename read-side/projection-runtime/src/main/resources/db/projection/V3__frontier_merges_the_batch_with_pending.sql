-- Catch-up folds batches of thousands of events from partitions that progress unevenly, so nearly every position of a
-- batch used to go through pending_positions: inserted, found by the walk, deleted. pg_stat_statements during a
-- 300,000-event catch-up of the accounts view (bench/run-read-bench.sh): the frontier's statements took 16 of the 37 µs
-- of statement time per event. Now the batch's positions are walked together with the pending ones in the batch's
-- range, and only those still above the frontier afterwards are stored.

-- Each inserted row checked its generation with a key-share lock on the generations row. Pending positions of a
-- generation are deleted with it explicitly (Generations), and a generation row is never deleted.
ALTER TABLE ${view_schema}.pending_positions DROP CONSTRAINT pending_positions_generation_fk;

-- Called once per batch inside the batch's transaction: walks the frontier over the batch's handled positions and
-- the pending ones, keeps the rest pending, adds the batch's counts and, when the frontier moved, notifies
-- '${view_schema}_frontier' with '<generation>:<frontier>' (delivered at commit). Returns the frontier.
-- The rule is Frontier.advance (Java); FrontierAgreementTest checks that both agree.
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
    -- If f + 1 is not pending, the frontier stays (a lower position is still missing) and the pending table is not
    -- read beyond that one probe: a partition stopped at a version gap keeps this O(batch).
    IF EXISTS (SELECT 1 FROM ${view_schema}.pending_positions WHERE generation = gen AND position = f + 1) THEN
        IF i <= n THEN
            -- The run from f + 1 through the union of the rest of the batch and the pending positions up to the
            -- batch's highest: over distinct ascending positions above f, p - row_number() = f exactly on that run.
            SELECT max(c.p) INTO top
              FROM (SELECT u.p, row_number() OVER (ORDER BY u.p) AS r
                      FROM (SELECT unnest(batch[i:n]) AS p
                            UNION
                            SELECT position FROM ${view_schema}.pending_positions
                             WHERE generation = gen AND position > f AND position <= batch[n]) AS u) AS c
             WHERE c.p - c.r = f;
            f := top;
        END IF;
        -- Beyond the batch, the run may go on through stored positions only.
        IF EXISTS (SELECT 1 FROM ${view_schema}.pending_positions WHERE generation = gen AND position = f + 1) THEN
            SELECT p.position INTO top
              FROM ${view_schema}.pending_positions p
             WHERE p.generation = gen AND p.position > f
               AND NOT EXISTS (SELECT 1 FROM ${view_schema}.pending_positions q
                                WHERE q.generation = gen AND q.position = p.position + 1)
             ORDER BY p.position
             LIMIT 1;
            f := top;
        END IF;
        -- Every pending position is above start: the lower bound keeps the index scan off the entries that earlier
        -- walks deleted (dead until vacuum), which a scan from the lowest position would step over each time.
        DELETE FROM ${view_schema}.pending_positions WHERE generation = gen AND position > start AND position <= f;
    END IF;
    IF i <= n AND batch[n] > f THEN
        INSERT INTO ${view_schema}.pending_positions (generation, position)
            SELECT gen, p FROM unnest(batch[i:n]) AS p WHERE p > f
            ON CONFLICT DO NOTHING;
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
