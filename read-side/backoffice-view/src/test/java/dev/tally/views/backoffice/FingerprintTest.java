package dev.tally.views.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import dev.tally.projection.conformance.FingerprintEndpointContract;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.projection.ReadYourWrites;
import dev.tally.views.backoffice.consistency.BackofficeFingerprint;
import dev.tally.views.backoffice.testing.LedgerLog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /consistency/accounts}, the fingerprint the write service's consistency auditor compares with the event
 * store: admin only, accounts in id order and paged by {@code after}/{@code until}/{@code limit}, each with the view's
 * currency, balance, version and status, and 503 when the view does not reach {@code minPosition} in time.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class FingerprintTest extends FingerprintEndpointContract {

    @Override
    protected Set<String> declaredFields() {
        return AccountFingerprint.wireNames(BackofficeFingerprint.FIELDS);
    }

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @Override
    protected long seed() {
        try (LedgerLog log = new LedgerLog(kafkaConfig, topic, readYourWrites.frontier() + 1).ensureTopic(3)) {
            log.append("2026-01-10T09:00:00Z", new AccountOpened(ONE, "fp", "EUR", 0));
            log.append("2026-01-10T09:01:00Z", new MoneyDeposited(ONE, 500, "EUR", "in"));
            log.append("2026-01-10T09:02:00Z", new AccountOpened(TWO, "fp", "USD", 100));
            log.append("2026-01-10T09:03:00Z", new MoneyDeposited(TWO, 100, "USD", "in"));
            log.append("2026-01-10T09:04:00Z", new MoneyWithdrawn(TWO, 130, "USD", "out"));
            log.append("2026-01-10T09:05:00Z", new AccountOpened(THREE, "fp", "EUR", 0));
            log.append("2026-01-10T09:06:00Z", new AccountFrozen(THREE, "check"));
            return log.lastPosition();
        }
    }

    @Test
    void accountsInIdOrderWithWhatTheViewBelieves() {
        JsonPath first = page("after=" + BEFORE + "&limit=2&minPosition=" + seededAt());
        assertEquals("backoffice-view", first.getString("view"));
        assertTrue(first.getLong("frontier") >= seededAt());
        assertEquals(List.of(
                        Map.of("accountId", ONE, "currency", "EUR", "balance", 500, "version", 2, "status", "OPEN"),
                        Map.of("accountId", TWO, "currency", "USD", "balance", -30, "version", 3, "status", "OPEN")),
                first.getList("accounts"));
        JsonPath next = page("after=" + TWO + "&limit=2");
        assertEquals(Map.of("accountId", THREE, "currency", "EUR", "balance", 0, "version", 2, "status", "FROZEN"),
                next.getList("accounts").get(0));
    }
}
