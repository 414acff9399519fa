package dev.tally.views.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Compliance thresholds ({@code tally.audit.*}). Changing them affects events applied afterwards; rebuild to re-flag. */
@ConfigMapping(prefix = "tally.audit")
public interface AuditConfig {

    /** A money movement of at least this many minor units is flagged LARGE_AMOUNT (10,000.00 in a 2-decimal currency). */
    @WithDefault("1000000")
    long largeAmount();

    Burst burst();

    interface Burst {

        /** More than this many debits on one account within {@link #window()} is a RAPID_BURST. */
        @WithDefault("5")
        int maxDebits();

        /** The burst window, by event time, e.g. {@code 10m}. */
        @WithDefault("10m")
        Duration window();
    }
}
