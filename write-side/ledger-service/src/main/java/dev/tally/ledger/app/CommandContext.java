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
 * @param actor          who asked (the token's subject), recorded in every event's metadata; null only in tests
 * @param ownerScope     when not null, the command may only touch accounts of this owner (a customer acting on their
 *                       own accounts): another owner's account is treated exactly like one that does not exist
 */
public record CommandContext(String idempotencyKey, String requestHash, OptionalLong expectedVersion,
                             String correlationId, String traceparent, String actor, String ownerScope) {

    /** A command that may touch any account. */
    public CommandContext(String idempotencyKey, String requestHash, OptionalLong expectedVersion,
                          String correlationId, String traceparent, String actor) {
        this(idempotencyKey, requestHash, expectedVersion, correlationId, traceparent, actor, null);
    }

    /**
     * Whose {@code Idempotency-Key} it is: keys are remembered per caller, so two callers' keys never meet. The empty
     * scope (no actor, only in tests) is also where keys remembered before keys were scoped live.
     */
    public String idempotencyScope() {
        return actor == null ? "" : actor;
    }

    /** The id of the command itself: the events it causes name it as their causation. */
    public String causationId() {
        return idempotencyKey != null ? "idempotency-key:" + idempotencyKey : "request:" + correlationId;
    }
}
