package dev.tally.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tally.eventstore.*} */
@ConfigMapping(prefix = "tally.eventstore")
public interface EventStoreConfig {

    /**
     * Take a snapshot when loading a stream had to fold at least this many events on top of the last snapshot, so a
     * load never replays much more than this. 0 disables snapshots.
     */
    @WithDefault("100")
    int snapshotEvery();
}
