package dev.tally.ledger.api;

/** The same Idempotency-Key came with a different request: it cannot mean "the same command again". */
public final class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request", null, false, false);
    }
}
