package dev.tally.eventstore;

import java.util.List;

/**
 * Events to append to one stream, guarded by the version the caller based its decision on.
 *
 * @param streamId        the stream (any non-empty text, e.g. an aggregate id)
 * @param expectedVersion the stream's current version as the caller saw it: 0 for a stream that must not exist yet,
 *                        otherwise the version of its last event. Anything else fails the append with
 *                        {@link WrongExpectedVersionException}.
 * @param events          at least one event; they get versions {@code expectedVersion + 1 ..} in this order
 */
public record StreamAppend(String streamId, long expectedVersion, List<NewEvent> events) {

    public StreamAppend {
        if (streamId == null || streamId.isEmpty()) {
            throw new IllegalArgumentException("streamId must not be empty");
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion);
        }
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to stream " + streamId);
        }
        events = List.copyOf(events);
    }

    public static StreamAppend of(String streamId, long expectedVersion, NewEvent... events) {
        return new StreamAppend(streamId, expectedVersion, List.of(events));
    }

    /** The stream's version once this append has committed. */
    public long newVersion() {
        return expectedVersion + events.size();
    }
}
