package dev.tally.views.backoffice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.engines.testing.WithDevelopmentKey;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.views.backoffice.testing.LedgerLog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged back-office view (jar in {@code ./mvnw verify}, native executable with {@code -Dnative}) on the real
 * engines: the log folded into accounts, search, totals and daily volumes, read with {@code minPosition}; bad
 * parameters answered 400. The fresh engines of this test JVM mean the totals are exactly this test's events.
 */
@QuarkusIntegrationTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class BackofficeViewIT {

    @Test
    void theLogBecomesAccountsSearchTotalsAndVolumes() {
        String alice = "alice-" + UUID.randomUUID();
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        long last;
        try (LedgerLog log = new LedgerLog(Map.of("bootstrap.servers", RealEngines.bootstrapServers()),
                "tally.ledger.events", 1).ensureTopic(3)) {
            log.append("2026-05-04T09:00:00Z", new AccountOpened(a, alice, "CHF", 0));
            log.append("2026-05-04T09:05:00Z", new MoneyDeposited(a, 10_000, "CHF", "salary"));
            log.append("2026-05-04T09:10:00Z", new AccountOpened(b, "bob-" + alice, "CHF", 0));
            log.append("2026-05-04T10:00:00Z", new MoneyWithdrawn(a, 2_500, "CHF", "rent"));
            log.append("2026-05-05T08:00:00Z", new TransferSent(a, "t-it", b, 3_000, "CHF", "share"));
            log.append("2026-05-05T08:00:00Z", new TransferReceived(b, "t-it", a, 3_000, "CHF", "share"));
            log.append("2026-05-05T09:00:00Z", new AccountFrozen(b, "review"));
            last = log.lastPosition();
        }

        given().queryParam("minPosition", last).get("/accounts/{id}", a).then().statusCode(200)
                .body("balance", equalTo(4_500)).body("ownerId", equalTo(alice)).body("version", equalTo(4));
        given().queryParam("minPosition", last).get("/accounts/{id}", b).then().statusCode(200)
                .body("status", equalTo("FROZEN")).body("balance", equalTo(3_000));
        given().queryParam("owner", alice).queryParam("minPosition", last).get("/accounts").then().statusCode(200)
                .body("items.accountId", contains(a));
        given().queryParam("minPosition", last).get("/totals").then().statusCode(200)
                .body("find { it.currency == 'CHF' }.totalDeposited", equalTo(10_000))
                .body("find { it.currency == 'CHF' }.totalWithdrawn", equalTo(2_500))
                .body("find { it.currency == 'CHF' }.sumOfBalances", equalTo(7_500));
        given().queryParam("currency", "CHF").queryParam("from", "2026-05-04").queryParam("to", "2026-05-05")
                .queryParam("minPosition", last).get("/volumes/daily").then().statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void badParametersAre400Problems() {
        given().queryParam("size", 0).get("/accounts").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("invalid-size"));
        given().queryParam("minPosition", "abc").get("/totals").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        given().queryParam("from", "yesterday").get("/volumes/daily").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }
}
