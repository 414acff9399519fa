package dev.tally.views.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.engines.testing.RealEngines;
import dev.tally.projection.conformance.FingerprintEndpointContract;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.projection.ReadYourWrites;
import dev.tally.views.accounts.consistency.AccountsFingerprint;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /consistency/accounts}, the fingerprint the write service's consistency auditor compares with the event
 * store: admin only, accounts in id order and paged by {@code after}/{@code until}/{@code limit}, each with what the
 * view believes (currency, balance, version, status, statement line count and sum), and 503 when the view does not
 * reach {@code minPosition} in time.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class FingerprintTest extends FingerprintEndpointContract {

    @Override
    protected Set<String> declaredFields() {
        return AccountFingerprint.wireNames(AccountsFingerprint.FIELDS);
    }

    @Inject
    ReadYourWrites readYourWrites;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @Override
    protected long seed() {
        LedgerLog log = LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
        log.append(new AccountOpened(ONE, "fp", "EUR", 0));
        log.append(new MoneyDeposited(ONE, 500, "EUR", "in"));
        log.append(new AccountOpened(TWO, "fp", "USD", 100));
        log.append(new MoneyDeposited(TWO, 100, "USD", "in"));
        log.append(new MoneyWithdrawn(TWO, 130, "USD", "out"));
        log.append(new AccountOpened(THREE, "fp", "EUR", 0));
        return log.append(new AccountFrozen(THREE, "check")).position();
    }

    @Test
    void accountsInIdOrderWithWhatTheViewBelieves() {
        JsonPath first = page("after=" + BEFORE + "&limit=2&minPosition=" + seededAt());
        assertEquals("accounts-view", first.getString("view"));
        assertEquals(true, first.getLong("frontier") >= seededAt());
        assertEquals(List.of(
                        Map.of("accountId", ONE, "currency", "EUR", "balance", 500, "version", 2, "status", "OPEN",
                                "statementLines", 1, "statementSum", 500),
                        Map.of("accountId", TWO, "currency", "USD", "balance", -30, "version", 3, "status", "OPEN",
                                "statementLines", 2, "statementSum", -30)),
                first.getList("accounts"));
        JsonPath next = page("after=" + TWO + "&limit=2");
        assertEquals(Map.of("accountId", THREE, "currency", "EUR", "balance", 0, "version", 2, "status", "FROZEN",
                "statementLines", 0, "statementSum", 0), next.getList("accounts").get(0));
    }
}
