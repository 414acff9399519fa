-- A replayed answer must be the first answer byte for byte. jsonb stores keys in its own order (shortest first), so a
-- replay came back as {"version":…,"accountId":…} after {"accountId":…,"version":…}: equal as JSON, different to a
-- client that compares bytes or signs them. json keeps the text as written. Rows stored before keep jsonb's order.
ALTER TABLE ledger.idempotency_keys ALTER COLUMN body TYPE json USING body::json;
