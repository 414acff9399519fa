package dev.tally.ledger.api;

import static dev.tally.ledger.api.LedgerApi.balance;
import static dev.tally.ledger.api.LedgerApi.open;
import static dev.tally.ledger.api.LedgerApi.withdraw;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.MoneyDeposited;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.ExpectedVersion;
import dev.tally.eventstore.StreamAppend;
import dev.tally.ledger.app.AccountStreams;
import dev.tally.ledger.app.CommandContext;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Another replica appends behind this one's back: the state this replica cached is stale. Its decisions must still
 * be right, for a "yes" (the append's expected version catches it) and for a "no" (checked again on fresh state).
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class StaleStateTest {

    @Inject
    EventStore store;

    @Inject
    AccountStreams streams;

    @Test
    void aStaleCachedStateNeverGivesAWrongAnswer() {
        String account = open("nora", "EUR", 0);
        LedgerApi.deposit(account, 10).then().statusCode(200).body("version", equalTo(2));

        depositAsAnotherReplica(account, 2, 500);
        // Cached: balance 10 at version 2. Real: 510 at version 3. A "no" on the cached state would be wrong.
        withdraw(account, 300).then().statusCode(200).body("version", equalTo(4));
        depositAsAnotherReplica(account, 4, 1);
        // Cached: version 4. Real: version 5. A "yes" on the cached state must not lose the other replica's event.
        LedgerApi.deposit(account, 5).then().statusCode(200).body("version", equalTo(6));
        assertEquals(10 + 500 - 300 + 1 + 5, balance(account));
    }

    private void depositAsAnotherReplica(String account, long expectedVersion, long amount) {
        var context = new CommandContext(null, "", OptionalLong.empty(), "other-replica", null, null);
        var events = streams.encode(List.of(new MoneyDeposited(account, amount, "EUR", "elsewhere")), context);
        store.append(new StreamAppend(account, ExpectedVersion.of(expectedVersion), events)).await().atMost(Duration.ofSeconds(10));
    }
}
