package dev.tally.engines.log;

/** Where the next event of a stream goes: its stream version and its global position (both from 1). */
public record Slot(long version, long position) {

    public Slot {
        if (version < 1 || position < 1) {
            throw new IllegalArgumentException("version and position start at 1: " + version + ", " + position);
        }
    }
}
