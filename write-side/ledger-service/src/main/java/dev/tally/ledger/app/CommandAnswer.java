package dev.tally.ledger.app;

import io.vertx.core.json.JsonObject;

/**
 * The answer to a command, kept as data so the first answer and a replay of it (same Idempotency-Key) are identical.
 *
 * @param status   HTTP status
 * @param body     JSON body: the outcome, or a problem for a business rejection
 * @param location URI of a created resource, or null
 * @param version  the account's new version (its ETag), or null
 * @param replayed true when this is the stored answer to an earlier request with the same key
 */
public record CommandAnswer(int status, JsonObject body, String location, Long version, boolean replayed) {

    public boolean isProblem() {
        return status >= 400;
    }
}
