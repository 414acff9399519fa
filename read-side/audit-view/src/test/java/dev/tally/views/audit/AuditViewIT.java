package dev.tally.views.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.engines.testing.WithDevelopmentKey;
import dev.tally.events.AccountOpened;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged audit view (jar in {@code ./mvnw verify}, native executable with {@code -Dnative}) on the real
 * engines: the journal in global order, a large-amount flag, a balance as of a past time, and bad parameters
 * answered 400.
 */
@QuarkusIntegrationTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LedgerTopic.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class AuditViewIT {

    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

    @Test
    void theJournalFlagsAndPastBalancesFollowTheLog() {
        String a = UUID.randomUUID().toString();
        List<EventEnvelope> events;
        try (LedgerLog log = new LedgerLog(Map.of("bootstrap.servers", RealEngines.bootstrapServers()),
                LedgerTopic.TOPIC)) {
            events = List.of(
                    log.next(new AccountOpened(a, "owner-it", "EUR", 0), T0),
                    log.next(new MoneyDeposited(a, 1_200_000, "EUR", "inheritance"), T0.plusSeconds(60)),
                    log.next(new MoneyWithdrawn(a, 1_000, "EUR", "cash"), T0.plusSeconds(120)));
            log.send(events);
        }
        long first = events.get(0).position();
        long last = events.get(2).position();

        given().queryParam("after", first - 1).queryParam("minPosition", last).get("/journal").then().statusCode(200)
                .body("events.streamId", contains(a, a, a))
                .body("events.type", contains("AccountOpened", "MoneyDeposited", "MoneyWithdrawn"))
                .body("events.balanceAfter", contains(0, 1_200_000, 1_199_000));
        given().queryParam("account", a).queryParam("minPosition", last).get("/flags").then().statusCode(200)
                .body("items.kind", contains("LARGE_AMOUNT"));
        given().queryParam("asOf", T0.plusSeconds(90).toString()).queryParam("minPosition", last)
                .get("/accounts/{id}/balance", a).then().statusCode(200).body("balance", equalTo(1_200_000));
    }

    @Test
    void badParametersAre400Problems() {
        given().queryParam("limit", 0).get("/journal").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("invalid-limit"));
        given().queryParam("asOf", "yesterday").get("/accounts/{id}/balance", UUID.randomUUID().toString()).then()
                .statusCode(400).contentType(startsWith("application/problem+json"));
    }
}
