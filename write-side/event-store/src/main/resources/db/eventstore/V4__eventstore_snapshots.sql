-- Snapshots are a cache of a stream's folded state at a version; losing or ignoring one only costs a longer replay.
CREATE TABLE eventstore.snapshots (
    stream_id      text        NOT NULL,
    stream_version bigint      NOT NULL,
    -- The caller's codec identity; a snapshot of another type/version is ignored (state shape changed).
    state_type     text        NOT NULL,
    state_version  int         NOT NULL,
    state          jsonb       NOT NULL,
    taken_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT snapshots_pk PRIMARY KEY (stream_id),
    CONSTRAINT snapshots_stream_version_positive CHECK (stream_version > 0)
);
