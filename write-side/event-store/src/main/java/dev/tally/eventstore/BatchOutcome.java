package dev.tally.eventstore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import io.vertx.pgclient.PgException;

/**
 * What each request of a batch is told, from what the database answered to the pipelined statements (see
 * {@link GroupCommitter}). The one rule: a request is acknowledged only when its events were appended, COMMIT
 * succeeded and the durability barrier after it returned.
 */
final class BatchOutcome {

    /** One request's end: its result, or its failure. */
    record Settled(AppendResult result, Throwable failure) {
        static Settled ok(AppendResult result) {
            return new Settled(result, null);
        }

        static Settled failed(Throwable failure) {
            return new Settled(null, failure);
        }
    }

    /** What the database answered, each null when that step succeeded. */
    record Answers(Throwable statementFailure, List<BatchStatement.Answer> perRequest, Throwable readFailure,
                   Throwable commitFailure, Throwable barrierFailure) {
    }

    /** A batch that certainly committed nothing and is to be run again, request by request. */
    static final List<Settled> RUN_EACH_ALONE = Collections.emptyList();

    /**
     * @param size         requests in the batch
     * @param answers      the database's answers
     * @param translate    for a batch of one whose statement failed: the request's own failure
     * @return one {@link Settled} per request in batch order, or {@link #RUN_EACH_ALONE}
     */
    static List<Settled> settle(int size, Answers answers, UnaryOperator<Throwable> translate) {
        Throwable statement = answers.statementFailure();
        if (statement != null) {
            // A server error (even FATAL: the session ends) aborts the transaction, so nothing of it can commit.
            // Any other failure (the connection broke, an answer could not be read) leaves the outcome unknown.
            if (!(statement instanceof PgException)) {
                return all(size, Settled.failed(statement));
            }
            return size > 1 ? RUN_EACH_ALONE : List.of(Settled.failed(translate.apply(statement)));
        }
        if (answers.readFailure() != null) {
            return all(size, Settled.failed(answers.readFailure()));
        }
        List<Settled> settled = new ArrayList<>(size);
        for (BatchStatement.Answer answer : answers.perRequest()) {
            if (answer instanceof BatchStatement.Refused refused) {
                settled.add(Settled.failed(refused.conflict()));
            } else if (answers.commitFailure() != null) {
                settled.add(Settled.failed(answers.commitFailure()));
            } else if (answers.barrierFailure() != null) {
                // Committed, but not known to be durable: not acknowledged (like a lost answer).
                settled.add(Settled.failed(answers.barrierFailure()));
            } else {
                settled.add(Settled.ok(((BatchStatement.Accepted) answer).result()));
            }
        }
        return settled;
    }

    private static List<Settled> all(int size, Settled settled) {
        return new ArrayList<>(Collections.nCopies(size, settled));
    }

    private BatchOutcome() {
    }
}
