package dev.tally.ledger.consistency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the consistency auditor finds the views and how it pages through them ({@code tally.consistency.*}). */
@ConfigMapping(prefix = "tally.consistency")
public interface ConsistencyConfig {

    /** Base URL of the accounts view, e.g. http://localhost:8081. */
    String accountsViewUrl();

    /** Base URL of the back-office view, e.g. http://localhost:8082. */
    String backofficeViewUrl();

    /** Base URL of the audit view, e.g. http://localhost:8083. */
    String auditViewUrl();

    /** Accounts per page, from the event store and from each view. */
    @WithDefault("500")
    int pageSize();

    /** Differences listed per view (all of them are counted). */
    @WithDefault("100")
    int maxDifferences();

    /** Bound on each HTTP call to a view (a view that waits for the position answers 503 sooner). */
    @WithDefault("15s")
    Duration requestTimeout();
}
