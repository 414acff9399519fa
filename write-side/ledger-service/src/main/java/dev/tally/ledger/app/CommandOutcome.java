package dev.tally.ledger.app;

import dev.tally.events.LedgerEvent;
import dev.tally.ledger.domain.DomainRejection;
import java.util.List;

/**
 * How a command ended, as the {@link CommandRunner} reports it; the HTTP layer turns each into an answer. Dispatch
 * is by {@link #accept(Visitor)}, so a new outcome does not compile until every caller answers it.
 */
public sealed interface CommandOutcome {

    <R> R accept(Visitor<R> visitor);

    /** One method per outcome. */
    interface Visitor<R> {
        R accepted(Accepted outcome);

        R rejected(Rejected outcome);

        R preconditionFailed(PreconditionFailed outcome);

        R replayed(Replayed outcome);

        R keyReused(KeyReused outcome);

        R tooMuchContention(TooMuchContention outcome);
    }

    /** One stream the command appended to, and its version after the append. */
    record Appended(String streamId, long version) {
    }

    /**
     * Committed: {@code streams} in append order, the global position of the last event, and the events.
     */
    record Accepted(List<Appended> streams, long position, List<LedgerEvent> events) implements CommandOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.accepted(this);
        }
    }

    /** A business rule said no; nothing was appended (the answer is remembered under the Idempotency-Key). */
    record Rejected(DomainRejection rejection) implements CommandOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rejected(this);
        }
    }

    /** {@code If-Match} named {@code expected} but {@code streamId} is at {@code actual}; nothing was appended. */
    record PreconditionFailed(String streamId, long expected, long actual) implements CommandOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.preconditionFailed(this);
        }
    }

    /** The Idempotency-Key was answered before: that answer again (with the position of its last event). */
    record Replayed(CommandAnswer answer) implements CommandOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.replayed(this);
        }
    }

    /** The Idempotency-Key was used before for a different request. */
    record KeyReused(String idempotencyKey) implements CommandOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.keyReused(this);
        }
    }

    /** The optimistic-concurrency race on {@code streamId} was lost {@code attempts} times in a row. */
    record TooMuchContention(String streamId, int attempts) implements CommandOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.tooMuchContention(this);
        }
    }
}
