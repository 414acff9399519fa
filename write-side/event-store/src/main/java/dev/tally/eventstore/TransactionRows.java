package dev.tally.eventstore;

import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rows of the caller's own that must commit exactly with a request's events (an idempotency record, say), written by
 * the group committer as part of the batch's append statement, so they need no statement, round trip or failure path
 * of their own. See the README, "Group commit".
 * <p>
 * {@link #sql()} is one data-modifying statement (typically {@code INSERT ... SELECT ... FROM unnest(...)}) that
 * becomes a CTE of the append statement. Its parameters are numbered from {@code $1} in its own text (the store
 * renumbers them; so no {@code $} in string literals): {@code $1} is an {@code int[]} given by the store, each row's
 * request number in the batch; {@code $2...} are what {@link #addArguments} adds, one array per column, one element per
 * row. It must write only the rows of accepted requests: those whose number is in the CTE
 * {@code accepted_requests(request_no)}. A failure (e.g. a unique violation) fails the whole statement: nothing of
 * the batch is written and the store runs each request alone, so only that request fails, with
 * {@link #translate(Throwable)} of the error.
 *
 * @param <R> one request's rows
 */
public interface TransactionRows<R> {

    /** The statement, parameters numbered from {@code $1} (the request numbers). */
    String sql();

    /** Adds {@code $2...}: one array per column, the element of each row in the order of {@code rows}. */
    void addArguments(Tuple arguments, List<R> rows);

    /** The failure a request gets when its rows could not be written (default: the database's error as is). */
    default Throwable translate(Throwable failure) {
        return failure;
    }
}
