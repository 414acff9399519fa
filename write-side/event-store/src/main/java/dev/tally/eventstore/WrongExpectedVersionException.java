package dev.tally.eventstore;

/**
 * An append's {@link ExpectedVersion} did not hold: another writer appended first (optimistic concurrency conflict),
 * the caller's version was ahead of the stream, or {@link ExpectedVersion#noStream()} met an existing stream. Nothing of the append was written; the
 * transaction is aborted. Reload the stream and decide again, or report the conflict.
 */
public class WrongExpectedVersionException extends RuntimeException {

    /** {@link #actualVersion()} when the database did not report it (the unique-constraint path). */
    public static final long UNKNOWN = -1;

    private final String streamId;
    private final long expectedVersion;
    private final long actualVersion;

    public WrongExpectedVersionException(String streamId, long expectedVersion, long actualVersion, Throwable cause) {
        super("wrong expected version for stream " + streamId + ": expected " + expectedVersion
                + (actualVersion == UNKNOWN ? ", stream has moved on" : ", actual " + actualVersion), cause);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    /** The version the append required: n for {@code exactly(n)}, 0 for {@code noStream()}. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The stream's version seen by the check, or {@link #UNKNOWN}. */
    public long actualVersion() {
        return actualVersion;
    }
}
