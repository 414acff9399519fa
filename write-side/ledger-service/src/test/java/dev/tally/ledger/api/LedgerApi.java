package dev.tally.ledger.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** Small helpers so the tests read as the HTTP conversation they check. */
final class LedgerApi {

    private LedgerApi() {}

    static String open(String owner, String currency, long overdraftLimit) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("ownerId", owner, "currency", currency, "overdraftLimit", overdraftLimit))
                .post("/accounts").then().statusCode(201).extract().path("accountId");
    }

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static Response deposit(String accountId, long amount) {
        return post("/accounts/" + accountId + "/deposits", Map.of("amount", amount, "reference", "test"));
    }

    static Response withdraw(String accountId, long amount) {
        return post("/accounts/" + accountId + "/withdrawals", Map.of("amount", amount, "reference", "test"));
    }

    static Response transfer(String from, String to, long amount) {
        return post("/transfers", Map.of("fromAccountId", from, "toAccountId", to, "amount", amount, "reference", "t"));
    }

    static int eventCount(String accountId) {
        return given().get("/accounts/" + accountId + "/events?limit=1000").then().statusCode(200)
                .extract().path("events.size()");
    }

    /** Balance as the fold of the account's own stream, read back from the event store through the API. */
    static long balance(String accountId) {
        var events = given().get("/accounts/" + accountId + "/events?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("events", Map.class);
        long balance = 0;
        for (Map<?, ?> e : events) {
            Map<?, ?> data = (Map<?, ?>) e.get("data");
            long amount = data.get("amount") == null ? 0 : ((Number) data.get("amount")).longValue();
            switch ((String) e.get("type")) {
                case "MoneyDeposited", "TransferReceived" -> balance += amount;
                case "MoneyWithdrawn", "TransferSent" -> balance -= amount;
                default -> { }
            }
        }
        return balance;
    }
}
