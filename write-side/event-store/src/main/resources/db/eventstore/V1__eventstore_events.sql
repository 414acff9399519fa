-- The event store: one append-only table for all streams. It is also the outbox (the relay pages it by position).
CREATE SCHEMA IF NOT EXISTS eventstore;

CREATE TABLE eventstore.events (
    -- Dense global order, assigned from eventstore.position_counter inside the appending transaction (see V2).
    position       bigint      NOT NULL,
    stream_id      text        NOT NULL,
    stream_version bigint      NOT NULL,
    event_id       uuid        NOT NULL,
    event_type     text        NOT NULL,
    schema_version int         NOT NULL,
    data           jsonb       NOT NULL,
    -- correlation_id, causation_id, traceparent, actor (absent keys are omitted, never null).
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- Taken inside the position section (clock_timestamp(), not the transaction start), so it follows position order.
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT events_pk PRIMARY KEY (position),
    -- The optimistic concurrency guard: two writers that read the same stream version cannot both append.
    CONSTRAINT events_stream_version_uk UNIQUE (stream_id, stream_version),
    CONSTRAINT events_event_id_uk UNIQUE (event_id),
    CONSTRAINT events_position_positive CHECK (position > 0),
    CONSTRAINT events_stream_version_positive CHECK (stream_version > 0),
    CONSTRAINT events_stream_id_not_empty CHECK (stream_id <> '')
);
