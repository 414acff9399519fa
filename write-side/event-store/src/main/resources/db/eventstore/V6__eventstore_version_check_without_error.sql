-- The expected-version check as a value instead of an exception: a lost optimistic-concurrency race is an expected
-- outcome, not an error, so it must not make PostgreSQL log an ERROR with the whole append statement. The append
-- calls it in the counter UPDATE's WHERE (null: every stream is where the caller expected, the UPDATE takes the lock;
-- otherwise no row is updated, nothing is inserted and the statement answers the mismatch). Like
-- require_stream_versions (V3, kept for databases and callers of older versions), it is VOLATILE so each of its
-- queries reads with a fresh snapshot: re-evaluated after waiting for the counter's row lock, it sees the winner.
CREATE FUNCTION eventstore.stream_version_mismatch(p_stream_ids text[], p_expected bigint[])
    RETURNS text
    LANGUAGE plpgsql
    VOLATILE
AS $$
DECLARE
    v_actual bigint;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
        SELECT coalesce(max(e.stream_version), 0) INTO v_actual
          FROM eventstore.events e
         WHERE e.stream_id = p_stream_ids[i];
        IF v_actual <> p_expected[i] THEN
            RETURN json_build_object('stream_id', p_stream_ids[i], 'expected', p_expected[i], 'actual', v_actual)::text;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
