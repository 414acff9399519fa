package dev.tally.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Where the operator console finds the services it shows, and the live tail's bounds ({@code tally.console.*}). */
@ConfigMapping(prefix = "tally.console")
public interface ConsoleConfig {

    /** How the console reaches its own service's API ({@code /relay}, {@code /consistency}, account events, health). */
    String writeSideUrl();

    /** The read services by name (shown in name order). */
    Map<String, ViewTarget> views();

    /** Bound on each call the console makes; a service that does not answer in time is shown as down. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Bound on one run of the consistency auditor ({@code GET /consistency}), which reads every account. */
    @WithDefault("5m")
    Duration auditTimeout();

    /** The live tail ({@code /console/tail/events}). */
    Tail tail();

    interface ViewTarget {
        /** Base URL, e.g. http://localhost:8081. */
        String url();

        /** What this view holds for one account, {@code {id}} replaced by the account id, e.g. /accounts/{id}. */
        String accountPath();
    }

    interface Tail {
        /** How often a connection reads the log for new events. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** Events read per poll. */
        @WithDefault("200")
        int batch();

        /** A connection ends after this many events ... */
        @WithDefault("2000")
        int maxEvents();

        /** ... or after this long, whichever comes first; the page says so and offers to reconnect. */
        @WithDefault("10m")
        Duration maxDuration();
    }
}
