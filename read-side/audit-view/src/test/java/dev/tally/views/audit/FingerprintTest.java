package dev.tally.views.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import dev.tally.projection.conformance.FingerprintEndpointContract;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.views.audit.consistency.AuditFingerprint;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /consistency/accounts}, the fingerprint the write service's consistency auditor compares with the event
 * store: admin only, accounts in id order and paged by {@code after}/{@code until}/{@code limit}, each with the
 * journal's currency, last balance, highest version, entry count and amount sum (an event applied twice shows as
 * more entries than the version), and 503 when the view does not reach {@code minPosition} in time.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class FingerprintTest extends FingerprintEndpointContract {

    @Override
    protected Set<String> declaredFields() {
        return AccountFingerprint.wireNames(AuditFingerprint.FIELDS);
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @Override
    protected long seed() {
        try (LedgerLog log = new LedgerLog(kafkaConfig, topic)) {
            Instant time = Instant.parse("2026-01-10T09:00:00Z");
            List<EventEnvelope> events = new ArrayList<>();
            for (LedgerEvent event : List.of(
                    new AccountOpened(ONE, "fp", "EUR", 0),
                    new MoneyDeposited(ONE, 500, "EUR", "in"),
                    new AccountOpened(TWO, "fp", "USD", 100),
                    new MoneyDeposited(TWO, 100, "USD", "in"),
                    new MoneyWithdrawn(TWO, 130, "USD", "out"),
                    new AccountOpened(THREE, "fp", "EUR", 0),
                    new AccountFrozen(THREE, "check"))) {
                time = time.plusSeconds(60);
                events.add(log.next(event, time));
            }
            log.send(events);
            return log.lastPosition();
        }
    }

    @Test
    void accountsInIdOrderWithWhatTheJournalSays() {
        JsonPath first = page("after=" + BEFORE + "&limit=2&minPosition=" + seededAt());
        assertEquals("audit-view", first.getString("view"));
        assertTrue(first.getLong("frontier") >= seededAt());
        assertEquals(List.of(
                        Map.of("accountId", ONE, "currency", "EUR", "balance", 500, "version", 2,
                                "journalEntries", 2, "journalSum", 500),
                        Map.of("accountId", TWO, "currency", "USD", "balance", -30, "version", 3,
                                "journalEntries", 3, "journalSum", -30)),
                first.getList("accounts"));
        JsonPath next = page("after=" + TWO + "&limit=2");
        assertEquals(Map.of("accountId", THREE, "currency", "EUR", "balance", 0, "version", 2,
                "journalEntries", 2, "journalSum", 0), next.getList("accounts").get(0));
    }
}
