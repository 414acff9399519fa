package dev.tally.ledger.api;

import static dev.tally.ledger.api.LedgerApi.balance;
import static dev.tally.ledger.api.LedgerApi.deposit;
import static dev.tally.ledger.api.LedgerApi.eventCount;
import static dev.tally.ledger.api.LedgerApi.open;
import static dev.tally.ledger.api.LedgerApi.withdraw;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idempotency-Key, If-Match and concurrent commands on one account, against the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class IdempotencyAndConcurrencyTest {

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstAnswerAndAppendsNothing() {
        String account = open("ivy", "EUR", 0);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("amount", 250, "reference", "salary");
        var first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts/" + account + "/deposits").then().statusCode(200).extract();
        var retry = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts/" + account + "/deposits").then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract();
        assertEquals(first.jsonPath().getMap(""), retry.jsonPath().getMap(""));
        assertEquals(first.asString(), retry.asString(), "a replay is the first answer byte for byte, key order too");
        assertEquals(2, eventCount(account));
        assertEquals(250, balance(account));

        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("amount", 251, "reference", "salary"))
                .post("/accounts/" + account + "/deposits").then().statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(2, eventCount(account));
    }

    @Test
    void aRetriedOpeningCreatesOneAccount() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("ownerId", "jack", "currency", "GBP");
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts").then().statusCode(201).extract().header("Location");
        String again = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts").then().statusCode(201).extract().header("Location");
        assertEquals(first, again);
    }

    @Test
    void aRejectionIsRememberedToo() {
        String account = open("kim", "EUR", 0);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("amount", 10, "reference", "rent");
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts/" + account + "/withdrawals").then().statusCode(422);
        deposit(account, 100).then().statusCode(200);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts/" + account + "/withdrawals").then().statusCode(422)
                .header("Idempotent-Replayed", "true").body("code", equalTo("INSUFFICIENT_FUNDS"));
        assertEquals(100, balance(account));
    }

    @Test
    void ifMatchAppliesTheCommandOnlyToThatVersion() {
        String account = open("liam", "EUR", 0);
        given().header("If-Match", "\"1\"").contentType(ContentType.JSON).body(Map.of("amount", 5, "reference", "a"))
                .post("/accounts/" + account + "/deposits").then().statusCode(200).header("ETag", "\"2\"");
        given().header("If-Match", "\"1\"").contentType(ContentType.JSON).body(Map.of("amount", 5, "reference", "b"))
                .post("/accounts/" + account + "/deposits").then().statusCode(412)
                .contentType("application/problem+json").header("ETag", "\"2\"").body("code", equalTo("VERSION_MISMATCH"));
        given().header("If-Match", "2").contentType(ContentType.JSON).body(Map.of("amount", 5, "reference", "c"))
                .post("/accounts/" + account + "/deposits").then().statusCode(400).body("code", equalTo("invalid-if-match"));
        given().header("Idempotency-Key", "").contentType(ContentType.JSON).body(Map.of("amount", 5, "reference", "c"))
                .post("/accounts/" + account + "/deposits").then().statusCode(400);
        assertEquals(2, eventCount(account));
    }

    @Test
    void fiftyConcurrentWithdrawalsNeverBreakTheLimitAndExactlyTheAcceptedOnesAreRecorded() throws Exception {
        String account = open("mia", "EUR", 100);
        deposit(account, 1_000).then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> withdraw(account, 30).statusCode()));
            }
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 200 || status == 422, "unexpected status " + status);
                accepted += status == 200 ? 1 : 0;
            }
            assertEquals(36, accepted, "1100 available / 30 per withdrawal");
            assertEquals(2 + accepted, eventCount(account));
            assertEquals(1_000 - 30L * accepted, balance(account));
        } finally {
            pool.shutdownNow();
        }
    }
}
