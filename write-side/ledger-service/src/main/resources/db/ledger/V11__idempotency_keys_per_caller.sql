-- Idempotency keys are scoped by the caller (the token's subject), as public payment APIs do: two callers who pick
-- the same key are independent, and one never learns that another used a key.
ALTER TABLE ledger.idempotency_keys ADD COLUMN caller text NOT NULL DEFAULT '';

-- Existing rows keep answering their own caller: the actor of the events they appended. A rejection appended
-- nothing, so its caller is unknown: it keeps '' and is found by any caller (as before) until it expires.
UPDATE ledger.idempotency_keys k
   SET caller = e.metadata->>'actor'
  FROM eventstore.events e
 WHERE e.stream_id = k.last_stream_id AND e.stream_version = k.last_stream_version AND e.metadata->>'actor' IS NOT NULL;

ALTER TABLE ledger.idempotency_keys ALTER COLUMN caller DROP DEFAULT;
ALTER TABLE ledger.idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE ledger.idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (caller, idempotency_key);

-- The retention clean-up finds expired keys through this index, a small batch at a time.
CREATE INDEX idempotency_keys_created_at_idx ON ledger.idempotency_keys (created_at);
