package dev.tally.views.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.platform.security.Roles;
import dev.tally.views.audit.consistency.AuditFingerprint;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /consistency/accounts}, the fingerprint the write service's consistency auditor compares with the event
 * store: admin only, accounts in id order and paged by {@code after}/{@code until}/{@code limit}, each with the
 * journal's currency, last balance, highest version, entry count and amount sum (an event applied twice shows as
 * more entries than the version), and 503 when the view does not reach {@code minPosition} in time.
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
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    private final String admin = TestTokens.token(Roles.ADMIN, "fingerprint-test");

    @BeforeEach
    void seedOnce() {
        if (seededAt > 0) {
            return;
        }
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
            seededAt = log.lastPosition();
        }
        waitForView(seededAt);
    }

    @Test
    void accountsInIdOrderWithWhatTheJournalSays() {
        JsonPath first = page("after=" + BEFORE + "&limit=2&minPosition=" + seededAt);
        assertEquals("audit-view", first.getString("view"));
        assertTrue(first.getLong("frontier") >= seededAt);
        assertEquals(List.of(
                        Map.of("accountId", ONE, "currency", "EUR", "balance", 500, "version", 2,
                                "journalEntries", 2, "journalSum", 500),
                        Map.of("accountId", TWO, "currency", "USD", "balance", -30, "version", 3,
                                "journalEntries", 3, "journalSum", -30)),
                first.getList("accounts"));
        JsonPath next = page("after=" + TWO + "&limit=2");
        assertEquals(Map.of("accountId", THREE, "currency", "EUR", "balance", 0, "version", 2,
                "journalEntries", 2, "journalSum", 0), next.getList("accounts").get(0));
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
        given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?minPosition=-1")
                .then().statusCode(400).body("code", equalTo("invalid-min-position"));
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
        rows.forEach(row -> assertEquals(AccountFingerprint.wireNames(AuditFingerprint.FIELDS), row.keySet(), row.toString()));
    }

    private JsonPath page(String query) {
        return given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private void waitForView(long position) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Response response = given().header("Authorization", "Bearer " + admin)
                    .get("/consistency/accounts?limit=1&minPosition=" + position);
            if (response.statusCode() == 200) {
                return;
            }
            assertEquals(503, response.statusCode(), response.asString());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the view did not reach position " + position + ": " + response.asString());
            }
        }
    }
}
