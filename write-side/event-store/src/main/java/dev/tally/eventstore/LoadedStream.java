package dev.tally.eventstore;

/**
 * A stream folded into state.
 *
 * @param state           the state after the last event (the caller's {@code initial} for a stream without events)
 * @param version         the stream version {@code state} reflects (0: no events); {@link #expectedVersion()} is the
 *                        next append's condition
 * @param snapshotVersion the version of the state the fold started from (a stored snapshot or a state cached in
 *                        memory), 0 if it started from {@code initial}
 * @param eventsReplayed  events folded on top of that state (or of {@code initial})
 * @param <S>             state type
 */
public record LoadedStream<S>(S state, long version, long snapshotVersion, int eventsReplayed) {

    public boolean exists() {
        return version > 0;
    }

    /** The condition "the stream is still at the version this state reflects", for the next append. */
    public ExpectedVersion expectedVersion() {
        return ExpectedVersion.of(version);
    }
}
