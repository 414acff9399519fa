package dev.tally.ledger.api;

import static dev.tally.ledger.api.LedgerApi.balance;
import static dev.tally.ledger.api.LedgerApi.eventCount;
import static dev.tally.ledger.api.LedgerApi.open;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.ledger.app.IdempotencyKeyRetention;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotency-Keys belong to their caller (the token's subject) and are forgotten after the retention, against the
 * real PostgreSQL.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class IdempotencyKeyScopeAndRetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    IdempotencyKeyRetention retention;

    @Inject
    Pool pool;

    @Test
    void twoCustomersWhoPickTheSameKeyAreIndependent() {
        String ana = "ana-" + UUID.randomUUID();
        String ben = "ben-" + UUID.randomUUID();
        String anasAccount = open(ana, "EUR", 0);
        String bensAccount = open(ben, "EUR", 0);
        String key = "6c1f0e2a-salary-2026-11";

        var anas = command("customer", ana, key, anasAccount, "deposits", 100).then().statusCode(200).extract();
        // Same key, another customer and account: a command of its own, neither a 422 nor a replay of ana's.
        var bens = command("customer", ben, key, bensAccount, "deposits", 250).then().statusCode(200).extract();
        assertNull(bens.header("Idempotent-Replayed"), "ben's command is not a replay");
        assertEquals(100, balance(anasAccount));
        assertEquals(250, balance(bensAccount));

        // Each one's retry gets their own first answer back and appends nothing.
        var anasRetry = command("customer", ana, key, anasAccount, "deposits", 100).then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract();
        var bensRetry = command("customer", ben, key, bensAccount, "deposits", 250).then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract();
        assertEquals(anas.jsonPath().getMap(""), anasRetry.jsonPath().getMap(""));
        assertEquals(bens.jsonPath().getMap(""), bensRetry.jsonPath().getMap(""));
        // The same customer reusing the key for another request is still refused.
        command("customer", ana, key, anasAccount, "deposits", 101).then().statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(2, eventCount(anasAccount));
        assertEquals(2, eventCount(bensAccount));
    }

    @Test
    void twoCallersOnOneAccountWithTheSameKeyAreIndependent() {
        String account = open("lena", "EUR", 0);
        String key = UUID.randomUUID().toString();
        deposit("clerk-a", key, account, 100).then().statusCode(200);
        var other = deposit("clerk-b", key, account, 100).then().statusCode(200).extract();
        assertNull(other.header("Idempotent-Replayed"));
        assertEquals(200, balance(account));
        assertEquals(3, eventCount(account));
    }

    @Test
    void aCallerNeverLearnsOfAnotherCallersKey() {
        String account = open("milo", "EUR", 0);
        String key = UUID.randomUUID().toString();
        // A rejection is remembered too; for another caller the same key and request are simply new.
        withdraw("clerk-c", key, account, 10).then().statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        LedgerApi.deposit(account, 50).then().statusCode(200);
        var fresh = withdraw("clerk-d", key, account, 10).then().statusCode(200).extract();
        assertNull(fresh.header("Idempotent-Replayed"));
        assertEquals(40, balance(account));
        withdraw("clerk-c", key, account, 10).then().statusCode(422).header("Idempotent-Replayed", "true")
                .body("code", equalTo("INSUFFICIENT_FUNDS"));
    }

    @Test
    void expiredKeysAreDeletedFreshOnesKeptAndARetryAfterExpiryIsANewCommand() {
        String account = open("nora", "EUR", 0);
        String expiredKey = UUID.randomUUID().toString();
        String freshKey = UUID.randomUUID().toString();
        deposit("clerk-e", expiredKey, account, 70).then().statusCode(200);
        deposit("clerk-e", freshKey, account, 30).then().statusCode(200);
        // Many expired keys, more than one clean-up batch, and the one used above.
        pool.preparedQuery("""
                        INSERT INTO ledger.idempotency_keys (caller, idempotency_key, request_hash, status, body, created_at)
                        SELECT 'old-caller', 'old-' || g || '-' || $1, 'h', 200, '{}'::jsonb, now() - interval '2 days'
                          FROM generate_series(1, 2500) g""")
                .execute(Tuple.of(expiredKey)).await().atMost(WAIT);
        pool.preparedQuery("UPDATE ledger.idempotency_keys SET created_at = now() - interval '25 hours' "
                + "WHERE caller = 'clerk-e' AND idempotency_key = $1").execute(Tuple.of(expiredKey)).await().atMost(WAIT);

        long deleted = retention.deleteExpired().await().atMost(WAIT);

        assertTrue(deleted >= 2501, "deleted " + deleted);
        assertEquals(0, count("idempotency_key LIKE 'old-%' OR idempotency_key = $1", expiredKey));
        assertEquals(1, count("caller = 'clerk-e' AND idempotency_key = $1", freshKey));
        // The retry of the fresh key is still a replay; the retry after expiry is a new command.
        deposit("clerk-e", freshKey, account, 30).then().statusCode(200).header("Idempotent-Replayed", "true");
        var again = deposit("clerk-e", expiredKey, account, 70).then().statusCode(200).extract();
        assertNull(again.header("Idempotent-Replayed"));
        assertEquals(170, balance(account));
        assertEquals(4, eventCount(account));
    }

    private long count(String where, String key) {
        return pool.preparedQuery("SELECT count(*) FROM ledger.idempotency_keys WHERE " + where)
                .execute(Tuple.of(key)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static io.restassured.response.Response deposit(String caller, String key, String account, long amount) {
        return command("admin", caller, key, account, "deposits", amount);
    }

    private static io.restassured.response.Response withdraw(String caller, String key, String account, long amount) {
        return command("admin", caller, key, account, "withdrawals", amount);
    }

    private static io.restassured.response.Response command(String role, String caller, String key, String account,
                                                            String kind, long amount) {
        return TestTokens.as(role, caller).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("amount", amount, "reference", "salary"))
                .post("/accounts/" + account + "/" + kind);
    }
}
