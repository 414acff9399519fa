package dev.tally.ledger.api;

import static dev.tally.ledger.api.LedgerApi.balance;
import static dev.tally.ledger.api.LedgerApi.deposit;
import static dev.tally.ledger.api.LedgerApi.eventCount;
import static dev.tally.ledger.api.LedgerApi.open;
import static dev.tally.ledger.api.LedgerApi.post;
import static dev.tally.ledger.api.LedgerApi.transfer;
import static dev.tally.ledger.api.LedgerApi.withdraw;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every command and every invariant of the brief, through HTTP, against the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class AccountCommandsTest {

    @Test
    void openingAnswersCreatedWithLocationVersionAndPosition() {
        given().contentType(ContentType.JSON).body(Map.of("ownerId", "alice", "currency", "EUR"))
                .post("/accounts")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/accounts/[0-9a-f-]{36}"))
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("position", greaterThan(0))
                .body("accountId", notNullValue());
    }

    @Test
    void depositsAndWithdrawalsMoveTheBalanceWithinTheOverdraftLimit() {
        String account = open("bob", "EUR", 500);
        deposit(account, 1_000).then().statusCode(200).body("version", equalTo(2)).body("accountId", equalTo(account));
        withdraw(account, 1_400).then().statusCode(200).body("version", equalTo(3));
        withdraw(account, 101).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("INSUFFICIENT_FUNDS")).body("status", equalTo(422));
        withdraw(account, 100).then().statusCode(200);
        assertEquals(-500, balance(account));
        assertEquals(4, eventCount(account));
    }

    @Test
    void frozenAccountsTakeCreditsButNoDebits() {
        String account = open("carol", "EUR", 0);
        deposit(account, 100).then().statusCode(200);
        post("/accounts/" + account + "/freeze", Map.of("reason", "suspicious")).then().statusCode(200);
        withdraw(account, 10).then().statusCode(409).body("code", equalTo("ACCOUNT_FROZEN"));
        String other = open("carol", "EUR", 0);
        transfer(account, other, 10).then().statusCode(409).body("code", equalTo("ACCOUNT_FROZEN"));
        deposit(account, 5).then().statusCode(200);
        post("/accounts/" + account + "/freeze", Map.of()).then().statusCode(409).body("code", equalTo("ALREADY_FROZEN"));
        post("/accounts/" + account + "/unfreeze", Map.of()).then().statusCode(200);
        withdraw(account, 10).then().statusCode(200);
        assertEquals(95, balance(account));
    }

    @Test
    void closingNeedsAZeroBalanceAndAClosedAccountTakesNothing() {
        String account = open("dave", "USD", 0);
        deposit(account, 70).then().statusCode(200);
        given().post("/accounts/" + account + "/close").then().statusCode(422).body("code", equalTo("NON_ZERO_BALANCE"));
        withdraw(account, 70).then().statusCode(200);
        given().post("/accounts/" + account + "/close").then().statusCode(200);
        deposit(account, 1).then().statusCode(409).body("code", equalTo("ACCOUNT_CLOSED"));
        withdraw(account, 1).then().statusCode(409).body("code", equalTo("ACCOUNT_CLOSED"));
        assertEquals(4, eventCount(account));
    }

    @Test
    void transfersMoveMoneyAtomicallyBetweenAccountsOfOneCurrency() {
        String from = open("erin", "EUR", 0);
        String to = open("frank", "EUR", 0);
        String dollars = open("frank", "USD", 0);
        deposit(from, 300).then().statusCode(200);
        transfer(from, to, 120).then().statusCode(200)
                .body("fromAccountId", equalTo(from)).body("fromVersion", equalTo(3))
                .body("toAccountId", equalTo(to)).body("toVersion", equalTo(2))
                .body("position", greaterThan(0)).body("transferId", notNullValue());
        transfer(from, to, 181).then().statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        transfer(from, dollars, 10).then().statusCode(422).body("code", equalTo("CURRENCY_MISMATCH"));
        transfer(from, from, 10).then().statusCode(422).body("code", equalTo("SAME_ACCOUNT"));
        assertEquals(180, balance(from));
        assertEquals(120, balance(to));
        assertEquals(1, eventCount(dollars));
    }

    @Test
    void unknownAccountsAre404AndMalformedIdsAre400() {
        String unknown = "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a";
        deposit(unknown, 10).then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("ACCOUNT_NOT_FOUND"));
        given().get("/accounts/" + unknown + "/events").then().statusCode(404);
        deposit("not-a-uuid", 10).then().statusCode(400).body("code", equalTo("invalid-account-id"));
        String account = open("gina", "EUR", 0);
        transfer(account, unknown, 1).then().statusCode(404);
    }

    @Test
    void badInputIsA400ProblemAndAppendsNothing() {
        String account = open("hank", "EUR", 0);
        String path = "/accounts/" + account + "/deposits";
        for (String body : new String[] {
                "{\"amount\": 10.5, \"reference\": \"x\"}",
                "{\"amount\": \"10\", \"reference\": \"x\"}",
                "{\"amount\": 0, \"reference\": \"x\"}",
                "{\"amount\": -5, \"reference\": \"x\"}",
                "{\"reference\": \"x\"}",
                "{\"amount\": 10, \"reference\": \"x\", \"extra\": 1}",
                "{\"amount\": 10,",
                "[]",
                "{\"amount\": 100000000000000000000, \"reference\": \"x\"}",
                "{\"amount\": 10, \"reference\": \"" + "r".repeat(141) + "\"}"}) {
            given().contentType(ContentType.JSON).body(body).post(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("detail", notNullValue());
        }
        given().contentType(ContentType.TEXT).body("amount=10").post(path)
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"amount\": 10, \"reference\": \"" + "r".repeat(20_000) + "\"}")
                .post(path).then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("payload-too-large"));
        post("/accounts", Map.of("ownerId", "x", "currency", "EURO")).then().statusCode(400);
        post("/accounts", Map.of("ownerId", "x", "currency", "XYZ")).then().statusCode(400);
        post("/accounts", Map.of("ownerId", "x", "currency", "EUR", "overdraftLimit", -1)).then().statusCode(400);
        assertEquals(1, eventCount(account));
    }
}
