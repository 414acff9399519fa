package dev.tally.ledger.app;

import java.util.OptionalLong;

/**
 * What the HTTP request says about a command besides its body.
 *
 * @param idempotencyKey the caller's {@code Idempotency-Key}, or null
 * @param requestHash    fingerprint of method, path, body and preconditions: the same key with another hash is refused
 * @param expectedVersion the version from {@code If-Match}, if given: the command applies only to that version
 * @param correlationId  carried into every event's metadata
 * @param traceparent    W3C trace context of the request, or null
 * @param actor          who asked (the authenticated principal), or null
 */
public record CommandContext(String idempotencyKey, String requestHash, OptionalLong expectedVersion,
                             String correlationId, String traceparent, String actor) {

    /** The id of the command itself: the events it causes name it as their causation. */
    public String causationId() {
        return idempotencyKey != null ? "idempotency-key:" + idempotencyKey : "request:" + correlationId;
    }
}
