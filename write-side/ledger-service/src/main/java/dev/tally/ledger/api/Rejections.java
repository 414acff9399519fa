package dev.tally.ledger.api;

import dev.tally.ledger.app.CommandAnswer;
import dev.tally.ledger.domain.DomainRejection;
import dev.tally.ledger.domain.RejectionKind;
import dev.tally.platform.problem.Problem;
import io.vertx.core.json.JsonObject;

/**
 * How a business-rule rejection is answered. The status says what kind of "no" it is:
 * 400 the command itself is invalid, 404 no such account, 409 the account's state forbids it right now
 * (frozen, closed, already open...), 422 a money rule forbids it (insufficient funds, currency mismatch,
 * same account, non-zero balance on close).
 */
final class Rejections {

    private Rejections() {}

    static int status(RejectionKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> 400;
            case NOT_FOUND -> 404;
            case STATE_CONFLICT -> 409;
            case BUSINESS_RULE -> 422;
        };
    }

    static CommandAnswer answer(DomainRejection rejection, String correlationId) {
        int status = status(rejection.kind());
        Problem problem = new Problem("urn:tally:problem:" + rejection.code(), rejection.rejection().summary(), status,
                rejection.getMessage(), null, rejection.code(), correlationId, null);
        return new CommandAnswer(status, JsonObject.mapFrom(problem), null, null, false);
    }
}
