package dev.tally.views.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.engines.testing.WithDevelopmentKey;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged accounts view (jar in {@code ./mvnw verify}, native executable with {@code -Dnative}) on the real
 * engines: CloudEvents records of every money event type on the log in, the fold read back over REST with
 * read-your-writes, bad parameters and a missing token answered as problems. The prod profile it was built for, plus
 * the development key at run time.
 */
@QuarkusIntegrationTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class AccountsViewIT {

    private static final String TOPIC = "tally.ledger.events";

    @TestHTTPResource("/")
    URI base;

    @Test
    void eventsOnTheLogBecomeAccountsAndStatementsReadYourWrites() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String owner = "owner-" + UUID.randomUUID();
        LedgerLog log = LedgerLog.shared(RealEngines.bootstrapServers(), TOPIC, 0);
        log.append(new AccountOpened(a, owner, "EUR", 1_000));
        log.append(new MoneyDeposited(a, 10_000, "EUR", "salary"));
        log.append(new MoneyWithdrawn(a, 2_500, "EUR", "rent"));
        log.append(new AccountOpened(b, owner, "EUR", 0));
        log.append(new TransferSent(a, "t-it", b, 3_000, "EUR", "share"));
        log.append(new TransferReceived(b, "t-it", a, 3_000, "EUR", "share"));
        log.append(new AccountFrozen(a, "check"));
        long last = log.append(new AccountUnfrozen(a, "cleared")).position();

        given().queryParam("minPosition", last).get("/accounts/{id}", a).then().statusCode(200)
                .body("balance", equalTo(4_500)).body("version", equalTo(6)).body("status", equalTo("OPEN"))
                .body("overdraftLimit", equalTo(1_000)).body("ownerId", equalTo(owner));
        given().queryParam("minPosition", last).get("/accounts/{id}/statement", a).then().statusCode(200)
                .body("entries.kind", contains("TRANSFER_OUT", "WITHDRAWAL", "DEPOSIT"))
                .body("entries.balanceAfter", contains(4_500, 7_500, 10_000));
        given().queryParam("minPosition", last).get("/accounts/{id}", b).then().statusCode(200)
                .body("balance", equalTo(3_000));
        given().queryParam("minPosition", last).get("/owners/{owner}/accounts", owner).then().statusCode(200)
                .body("accountId", containsInAnyOrder(a, b));
        given().get("/projection").then().statusCode(200).body("frontier", greaterThanOrEqualTo((int) last));
    }

    @Test
    void badParametersAndMissingTokensAreProblems() throws Exception {
        given().get("/accounts/{id}", "not-a-uuid").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("invalid-account-id"));
        given().queryParam("minPosition", "abc").get("/accounts/{id}", UUID.randomUUID().toString()).then()
                .statusCode(400).body("code", equalTo("invalid-min-position"));
        given().get("/accounts/{id}", UUID.randomUUID().toString()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/accounts/" + UUID.randomUUID())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Assertions.assertEquals(401, anonymous.statusCode());
        Assertions.assertTrue(anonymous.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"), anonymous.headers().toString());
    }
}
