-- Rejects an append whose expected version is not the stream's current version. The unique (stream_id,
-- stream_version) constraint alone catches "expected < actual" (a concurrent writer won) but not
-- "expected > actual", which would leave a hole in the stream's versions. Raises SQLSTATE 'ES409'.
-- Called from the WHERE clause of the counter UPDATE: evaluated before the row lock is taken and, if the
-- appender had to wait for the lock, re-evaluated (EvalPlanQual) with a fresh snapshot once it holds it.
CREATE FUNCTION eventstore.require_stream_versions(p_stream_ids text[], p_expected bigint[])
    RETURNS boolean
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
            RAISE EXCEPTION 'wrong expected version for stream %: expected %, actual %',
                    p_stream_ids[i], p_expected[i], v_actual
                USING ERRCODE = 'ES409',
                      DETAIL = json_build_object('stream_id', p_stream_ids[i],
                                                 'expected', p_expected[i],
                                                 'actual', v_actual)::text;
        END IF;
    END LOOP;
    RETURN true;
END
$$;
