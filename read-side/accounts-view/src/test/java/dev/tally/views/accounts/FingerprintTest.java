package dev.tally.views.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.security.Roles;
import dev.tally.views.accounts.consistency.AccountsFingerprint;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /consistency/accounts}, the fingerprint the write service's consistency auditor compares with the event
 * store: admin only, accounts in id order and paged by {@code after}/{@code until}/{@code limit}, each with what the
 * view believes (currency, balance, version, status, statement line count and sum), and 503 when the view does not
 * reach {@code minPosition} in time.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class FingerprintTest {

    /** Three adjacent ids: a random prefix no other test shares, then 1, 2, 3. */
    private static final String PREFIX = UUID.randomUUID().toString().substring(0, 8) + "-0000-4000-8000-00000000000";
    private static final String BEFORE = PREFIX + "0";
    private static final String ONE = PREFIX + "1";
    private static final String TWO = PREFIX + "2";
    private static final String THREE = PREFIX + "3";
    private static long seededAt;

    @Inject
    ReadYourWrites readYourWrites;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    private final String admin = TestTokens.token(Roles.ADMIN, "fingerprint-test");

    @BeforeEach
    void seedOnce() {
        if (seededAt > 0) {
            return;
        }
        LedgerLog log = LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
        log.append(new AccountOpened(ONE, "fp", "EUR", 0));
        log.append(new MoneyDeposited(ONE, 500, "EUR", "in"));
        log.append(new AccountOpened(TWO, "fp", "USD", 100));
        log.append(new MoneyDeposited(TWO, 100, "USD", "in"));
        log.append(new MoneyWithdrawn(TWO, 130, "USD", "out"));
        log.append(new AccountOpened(THREE, "fp", "EUR", 0));
        seededAt = log.append(new AccountFrozen(THREE, "check")).position();
    }

    @Test
    void accountsInIdOrderWithWhatTheViewBelieves() {
        JsonPath first = page("after=" + BEFORE + "&limit=2&minPosition=" + seededAt);
        assertEquals("accounts-view", first.getString("view"));
        assertEquals(true, first.getLong("frontier") >= seededAt);
        assertEquals(List.of(
                        Map.of("accountId", ONE, "currency", "EUR", "balance", 500, "version", 2, "status", "OPEN",
                                "statementLines", 1, "statementSum", 500),
                        Map.of("accountId", TWO, "currency", "USD", "balance", -30, "version", 3, "status", "OPEN",
                                "statementLines", 2, "statementSum", -30)),
                first.getList("accounts"));
        JsonPath next = page("after=" + TWO + "&limit=2");
        assertEquals(Map.of("accountId", THREE, "currency", "EUR", "balance", 0, "version", 2, "status", "FROZEN",
                "statementLines", 0, "statementSum", 0), next.getList("accounts").get(0));
        assertEquals(List.of(ONE, TWO), page("after=" + BEFORE + "&until=" + TWO + "&limit=10")
                .getList("accounts.accountId"));

        List<String> all = page("limit=1000").getList("accounts.accountId");
        assertEquals(all.stream().sorted().toList(), all, "ordered by account id");
    }

    @Test
    void aPositionTheViewDoesNotReachIs503() {
        given().header("Authorization", "Bearer " + admin)
                .get("/consistency/accounts?minPosition=" + (seededAt + 1_000_000))
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("view-not-caught-up"));
        given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?limit=0")
                .then().statusCode(400).body("code", equalTo("invalid-limit"));
    }

    @Test
    void onlyAdmin() {
        given().get("/consistency/accounts").then().statusCode(401).contentType("application/problem+json");
        for (String role : List.of(Roles.CUSTOMER, Roles.BACKOFFICE, Roles.AUDITOR)) {
            given().header("Authorization", "Bearer " + TestTokens.token(role, "fp"))
                    .get("/consistency/accounts").then().statusCode(403).contentType("application/problem+json");
        }
    }

    @Test
    void everyRowCarriesTheKeyAndExactlyTheDeclaredFields() {
        List<Map<String, Object>> rows = page("after=" + BEFORE + "&until=" + THREE + "&limit=10").getList("accounts");
        assertEquals(3, rows.size());
        rows.forEach(row -> assertEquals(AccountFingerprint.wireNames(AccountsFingerprint.FIELDS), row.keySet(), row.toString()));
    }

    private JsonPath page(String query) {
        return given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?" + query)
                .then().statusCode(200).extract().jsonPath();
    }
}
