package dev.tally.eventstore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcome of a committed (or about to be committed, when the caller owns the transaction) append.
 *
 * @param newVersions   for each appended stream, its version after the append, iterated in append order
 *                      (unmodifiable)
 * @param firstPosition global position of the first appended event
 * @param lastPosition  global position of the last appended event; positions in between are all this append's
 */
public record AppendResult(Map<String, Long> newVersions, long firstPosition, long lastPosition) {

    public AppendResult {
        // A copy that keeps the given iteration order (Map.copyOf would not).
        newVersions = Collections.unmodifiableMap(new LinkedHashMap<>(newVersions));
    }

    /** The version of {@code streamId} after the append. */
    public long versionOf(String streamId) {
        Long version = newVersions.get(streamId);
        if (version == null) {
            throw new IllegalArgumentException("stream " + streamId + " was not part of this append");
        }
        return version;
    }
}
