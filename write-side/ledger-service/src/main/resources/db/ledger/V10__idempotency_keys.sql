-- The first answer to each Idempotency-Key. It is written in the same transaction as the events the
-- command appended (or alone, for a business rejection), so "answered" and "appended" never disagree
-- and a retry gets the same answer while appending nothing.
CREATE TABLE ledger.idempotency_keys (
    idempotency_key     text        PRIMARY KEY,
    request_hash        text        NOT NULL,
    status              integer     NOT NULL,
    body                jsonb       NOT NULL,
    location            text,
    -- The last event the command appended: its global position is filled into a replayed answer
    -- (it is only known once the append ran, which must be the transaction's last statement).
    last_stream_id      text,
    last_stream_version bigint,
    created_at          timestamptz NOT NULL DEFAULT now()
);
