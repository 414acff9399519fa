package dev.tally.ledger.api;

/** {@code If-Match} named a version the stream has already moved past (or not reached). */
public final class PreconditionFailed extends RuntimeException {

    private final long expected;
    private final long actual;

    public PreconditionFailed(String accountId, long expected, long actual) {
        super("account " + accountId + " is at version " + actual + ", not " + expected, null, false, false);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
