package dev.tally.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
