package dev.tally.projection;

/** The view had not reached the requested position within the read-your-writes timeout. */
public class ViewNotCaughtUpException extends RuntimeException {

    private final long requested;
    private final long frontier;

    public ViewNotCaughtUpException(long requested, long frontier) {
        super("the view has applied the log up to position " + frontier + ", not yet " + requested
                + "; retry shortly", null, false, false);
        this.requested = requested;
        this.frontier = frontier;
    }

    public long requested() {
        return requested;
    }

    public long frontier() {
        return frontier;
    }
}
