-- The view's own schema starts with its progress table; the projection runtime fills it (one row per topic partition).
CREATE TABLE IF NOT EXISTS accounts_view.projection_checkpoint (
    topic      text    NOT NULL,
    partition  integer NOT NULL,
    next_offset bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);
