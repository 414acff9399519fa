-- How far each relay has published: every event with position <= this was acknowledged by the broker.
CREATE TABLE eventstore.relay_checkpoints (
    relay_name text        NOT NULL,
    position   bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT relay_checkpoints_pk PRIMARY KEY (relay_name),
    CONSTRAINT relay_checkpoints_position_not_negative CHECK (position >= 0)
);
