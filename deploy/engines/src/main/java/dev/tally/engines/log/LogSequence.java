package dev.tally.engines.log;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers events as the event store does: global positions dense (each the last plus one), and per stream the
 * versions consecutive from 1. Thread-safe; a position and its version are taken together.
 */
public final class LogSequence {

    private final Map<String, Long> versions = new HashMap<>();
    private long lastPosition;

    /** @param lastPosition the position before the first one this hands out (0 for an empty log) */
    public LogSequence(long lastPosition) {
        if (lastPosition < 0) {
            throw new IllegalArgumentException("lastPosition < 0: " + lastPosition);
        }
        this.lastPosition = lastPosition;
    }

    /** The next version of {@code streamId} at the next global position. */
    public synchronized Slot next(String streamId) {
        long version = versions.merge(streamId, 1L, Long::sum);
        return new Slot(version, ++lastPosition);
    }

    /** Takes the next position without any stream version (a record that carries a position but no event). */
    public synchronized long skipPosition() {
        return ++lastPosition;
    }

    /** The last position handed out (or the one given at construction). */
    public synchronized long lastPosition() {
        return lastPosition;
    }
}
