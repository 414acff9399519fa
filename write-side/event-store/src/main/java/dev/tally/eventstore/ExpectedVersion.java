package dev.tally.eventstore;

import java.util.OptionalLong;

/**
 * What an append requires of its stream's current version: the optimistic-concurrency condition of
 * {@link StreamAppend}. Made by the factories, compared by value.
 * <ul>
 * <li>{@link #noStream()}: the stream must have no events yet (it is created by this append);</li>
 * <li>{@link #exactly(long)}: the stream's last event must have version {@code n >= 1};</li>
 * <li>{@link #any()}: no condition, the events go after whatever the stream holds when the append runs.</li>
 * </ul>
 * A condition that does not hold fails the whole append with {@link WrongExpectedVersionException}.
 */
public sealed interface ExpectedVersion permits ExpectedVersion.NoStream, ExpectedVersion.Exactly, ExpectedVersion.Any {

    static ExpectedVersion noStream() {
        return NoStream.INSTANCE;
    }

    /** @param version the version of the stream's last event, at least 1 (use {@link #noStream()} for a new stream) */
    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    static ExpectedVersion any() {
        return Any.INSTANCE;
    }

    /**
     * The condition "the stream is still as I read it", for a version read from the store ({@link LoadedStream#version()},
     * {@link StreamReader#streamVersion(String)}), where a stream without events reads as 0.
     */
    static ExpectedVersion of(long readVersion) {
        if (readVersion < 0) {
            throw new IllegalArgumentException("a stream version is >= 0, was " + readVersion);
        }
        return readVersion == 0 ? noStream() : exactly(readVersion);
    }

    /** The version the stream must be at (0 for {@link #noStream()}); empty for {@link #any()}. */
    OptionalLong version();

    /** The stream must not exist yet. */
    final class NoStream implements ExpectedVersion {
        private static final NoStream INSTANCE = new NoStream();

        private NoStream() {
        }

        @Override
        public OptionalLong version() {
            return OptionalLong.of(0);
        }

        @Override
        public String toString() {
            return "noStream";
        }
    }

    /** The stream's last event has exactly this version. */
    record Exactly(long expected) implements ExpectedVersion {

        public Exactly {
            if (expected < 1) {
                throw new IllegalArgumentException(
                        "exactly(n) needs n >= 1, was " + expected + " (noStream() is the condition for a new stream)");
            }
        }

        @Override
        public OptionalLong version() {
            return OptionalLong.of(expected);
        }

        @Override
        public String toString() {
            return "exactly(" + expected + ")";
        }
    }

    /** Whatever the stream holds. */
    final class Any implements ExpectedVersion {
        private static final Any INSTANCE = new Any();

        private Any() {
        }

        @Override
        public OptionalLong version() {
            return OptionalLong.empty();
        }

        @Override
        public String toString() {
            return "any";
        }
    }
}
