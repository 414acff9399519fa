package dev.tally.system;

import static dev.tally.system.Http.post;
import static dev.tally.system.Http.to;

import dev.tally.engines.ServiceProcess;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;

/**
 * The event store's truth about accounts, read through the write service's stream endpoint, and folded here
 * independently of any production code: the oracle every view is compared with.
 */
public final class Ledger {

    /** An account as the fold of its own events. */
    public record Fold(String accountId, String currency, long balance, long version, String status,
                long deposited, long withdrawn) {}

    private final ServiceProcess writeSide;

    public Ledger(ServiceProcess writeSide) {
        this.writeSide = writeSide;
    }

    public String open(String owner, String currency, long overdraft) {
        return post(writeSide, "/accounts", Map.of("ownerId", owner, "currency", currency, "overdraftLimit", overdraft))
                .then().statusCode(201).extract().path("accountId");
    }

    public Response deposit(String account, long amount) {
        return post(writeSide, "/accounts/" + account + "/deposits", Map.of("amount", amount, "reference", "dep"));
    }

    public Response withdraw(String account, long amount) {
        return post(writeSide, "/accounts/" + account + "/withdrawals", Map.of("amount", amount, "reference", "wd"));
    }

    public Response transfer(String from, String to, long amount) {
        return post(writeSide, "/transfers", Map.of("fromAccountId", from, "toAccountId", to, "amount", amount,
                "reference", "tr"));
    }

    public Response command(String account, String action) {
        return post(writeSide, "/accounts/" + account + "/" + action, Map.of());
    }

    public Fold fold(String accountId) {
        List<Map<String, Object>> events = to(writeSide).get("/accounts/" + accountId + "/events?limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("events");
        return fold(accountId, events);
    }

    /** Folds an account's events, in stream order, each with {@code type}, {@code data} and {@code streamVersion}. */
    public static Fold fold(String accountId, List<Map<String, Object>> events) {
        String currency = null;
        String status = "OPEN";
        long balance = 0;
        long deposited = 0;
        long withdrawn = 0;
        long version = 0;
        for (Map<String, Object> event : events) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) event.get("data");
            long amount = data.get("amount") == null ? 0 : ((Number) data.get("amount")).longValue();
            version = ((Number) event.get("streamVersion")).longValue();
            switch ((String) event.get("type")) {
                case "AccountOpened" -> currency = (String) data.get("currency");
                case "MoneyDeposited" -> { balance += amount; deposited += amount; }
                case "MoneyWithdrawn" -> { balance -= amount; withdrawn += amount; }
                case "TransferReceived" -> balance += amount;
                case "TransferSent" -> balance -= amount;
                case "AccountFrozen" -> status = "FROZEN";
                case "AccountUnfrozen" -> status = "OPEN";
                case "AccountClosed" -> status = "CLOSED";
                default -> throw new AssertionError("unknown event type " + event.get("type"));
            }
        }
        return new Fold(accountId, currency, balance, version, status, deposited, withdrawn);
    }
}
