package dev.tally.engines;

/** An engine could not start; {@link #logTail()} holds the last lines of its log for the user. */
public final class EngineStartException extends RuntimeException {

    private final String logTail;

    public EngineStartException(String message, String logTail) {
        super(logTail == null || logTail.isBlank() ? message
                : message + System.lineSeparator() + "--- last lines of the log ---" + System.lineSeparator() + logTail);
        this.logTail = logTail == null ? "" : logTail;
    }

    public String logTail() {
        return logTail;
    }
}
