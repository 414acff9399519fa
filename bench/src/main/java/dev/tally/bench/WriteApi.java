package dev.tally.bench;

import java.util.UUID;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * The write service's HTTP API as the benchmarks use it (see {@link JsonHttp}). Commands answer the JSON the
 * service returns, which carries the new stream version and the global {@code position} of the command's last event.
 */
final class WriteApi implements AutoCloseable {

    private final JsonHttp http;
    private final boolean idempotencyKeys;

    WriteApi(Vertx vertx, int port, int maxConnections, boolean idempotencyKeys) {
        this.http = new JsonHttp(vertx, port, maxConnections);
        this.idempotencyKeys = idempotencyKeys;
    }

    /** POST /accounts in EUR; answers the new account id. */
    Future<String> openAccount(String ownerId) {
        JsonObject body = new JsonObject().put("ownerId", ownerId).put("currency", "EUR");
        return command("/accounts", body, 201).map(answer -> answer.getString("accountId"));
    }

    /** POST /accounts/{id}/deposits. */
    Future<Void> deposit(String accountId, long amount, String reference) {
        return depositAnswer(accountId, amount, reference).mapEmpty();
    }

    Future<JsonObject> depositAnswer(String accountId, long amount, String reference) {
        JsonObject body = new JsonObject().put("amount", amount).put("reference", reference);
        return command("/accounts/" + accountId + "/deposits", body, 200);
    }

    /** POST /accounts/{id}/withdrawals. */
    Future<JsonObject> withdraw(String accountId, long amount, String reference) {
        JsonObject body = new JsonObject().put("amount", amount).put("reference", reference);
        return command("/accounts/" + accountId + "/withdrawals", body, 200);
    }

    /** POST /transfers. */
    Future<JsonObject> transfer(String fromAccountId, String toAccountId, long amount, String reference) {
        JsonObject body = new JsonObject().put("fromAccountId", fromAccountId).put("toAccountId", toAccountId)
                .put("amount", amount).put("reference", reference);
        return command("/transfers", body, 200);
    }

    /** GET /relay: leader, checkpoint, lag percentiles. */
    Future<JsonObject> relay() {
        return http.get("/relay");
    }

    /** POST /relay/lag/reset: starts a fresh lag window. */
    Future<JsonObject> resetRelayLag() {
        return http.send(HttpMethod.POST, "/relay/lag/reset", null, 200, null);
    }

    /** True when /q/health/ready answers 200. */
    Future<Boolean> ready() {
        return http.ready();
    }

    private Future<JsonObject> command(String path, JsonObject body, int expectedStatus) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (idempotencyKeys) {
            headers.add("Idempotency-Key", UUID.randomUUID().toString());
        }
        return http.send(HttpMethod.POST, path, body, expectedStatus, headers);
    }

    @Override
    public void close() {
        http.close();
    }
}
