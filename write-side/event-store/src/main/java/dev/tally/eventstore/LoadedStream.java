package dev.tally.eventstore;

/**
 * A stream folded into state.
 *
 * @param state           the state after the last event (the caller's {@code initial} for a stream without events)
 * @param version         the stream version {@code state} reflects: pass it as the next append's expected version
 * @param snapshotVersion the version of the state the fold started from (a stored snapshot or a state cached in
 *                        memory), 0 if it started from {@code initial}
 * @param eventsReplayed  events folded on top of that state (or of {@code initial})
 * @param <S>             state type
 */
public record LoadedStream<S>(S state, long version, long snapshotVersion, int eventsReplayed) {

    public boolean exists() {
        return version > 0;
    }
}
