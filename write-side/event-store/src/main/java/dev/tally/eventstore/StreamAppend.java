package dev.tally.eventstore;

import java.util.List;
import java.util.Objects;

/**
 * Events to append to one stream, guarded by what the caller requires of the stream's current version.
 *
 * @param streamId        the stream (any non-empty text, e.g. an aggregate id)
 * @param expectedVersion {@link ExpectedVersion#noStream()}, {@link ExpectedVersion#exactly(long)} (the version the
 *                        caller based its decision on) or {@link ExpectedVersion#any()}; a condition that does not
 *                        hold fails the append with {@link WrongExpectedVersionException}
 * @param events          at least one event; they get the versions after the stream's current one, in this order
 */
public record StreamAppend(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events) {

    public StreamAppend {
        if (streamId == null || streamId.isEmpty()) {
            throw new IllegalArgumentException("streamId must not be empty");
        }
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to stream " + streamId);
        }
        events = List.copyOf(events);
    }

    public static StreamAppend of(String streamId, ExpectedVersion expectedVersion, NewEvent... events) {
        return new StreamAppend(streamId, expectedVersion, List.of(events));
    }

    /**
     * The stream's version once this append has committed. Known in advance unless the condition is
     * {@link ExpectedVersion#any()} (then read it from {@link AppendResult#versionOf(String)}).
     */
    public long newVersion() {
        long before = expectedVersion.version().orElseThrow(() -> new IllegalStateException(
                "the new version of an any() append to " + streamId + " is known only from its AppendResult"));
        return before + events.size();
    }

    /** This append with the condition resolved to the version the stream is at. */
    StreamAppend at(long currentVersion) {
        return new StreamAppend(streamId, ExpectedVersion.of(currentVersion), events);
    }
}
