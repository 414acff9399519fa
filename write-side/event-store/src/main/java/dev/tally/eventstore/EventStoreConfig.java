package dev.tally.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code tally.eventstore.*} */
@ConfigMapping(prefix = "tally.eventstore")
public interface EventStoreConfig {

    /**
     * Store a new snapshot when a loaded stream is at least this many events ahead of its stored snapshot, so a load
     * without a cached state never replays much more than this. 0 disables snapshots.
     */
    @WithDefault("100")
    int snapshotEvery();

    /**
     * Streams whose last loaded or kept state is held in memory ({@link KeptStates}): loading them again reads only
     * the events appended since, and a caller deciding under an expected version need not read at all.
     * 0 disables the cache.
     */
    @WithDefault("10000")
    int stateCacheSize();

    /** Group commit of concurrent appends, see the README ("Group commit"). */
    @WithName("group-commit")
    GroupCommit groupCommit();

    interface GroupCommit {

        /** false: every request appends in a transaction of its own (same statement, no queue). */
        @WithDefault("true")
        boolean enabled();

        /** The most requests one append transaction takes. */
        @WithDefault("64")
        int maxRequests();

        /** The most events one append transaction takes (a larger request still runs, alone). */
        @WithDefault("2000")
        int maxEvents();

        default GroupCommitLimits limits() {
            return new GroupCommitLimits(enabled(), maxRequests(), maxEvents());
        }
    }
}
