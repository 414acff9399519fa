package dev.tally.ledger.api;

/** A command lost the optimistic-concurrency race more often than the configured number of retries. */
public final class TooMuchContention extends RuntimeException {

    public TooMuchContention(String streamId, int attempts) {
        super("account " + streamId + " changed concurrently " + attempts + " times in a row; retry the command",
                null, false, false);
    }
}
