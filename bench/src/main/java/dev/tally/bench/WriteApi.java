package dev.tally.bench;

import java.util.UUID;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The write service's HTTP API as the benchmark uses it: HTTP/1.1 with keep-alive over a pool of connections
 * (Vert.x core client, non-blocking). Any status other than the one the API documents for success fails the future.
 */
final class WriteApi implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 10_000;

    private final HttpClient http;
    private final boolean idempotencyKeys;

    WriteApi(Vertx vertx, int port, int maxConnections, boolean idempotencyKeys) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
        this.idempotencyKeys = idempotencyKeys;
    }

    /** POST /accounts in EUR; answers the new account id. */
    Future<String> openAccount(String ownerId) {
        JsonObject body = new JsonObject().put("ownerId", ownerId).put("currency", "EUR");
        return send(HttpMethod.POST, "/accounts", body, 201).map(answer -> answer.getString("accountId"));
    }

    /** POST /accounts/{id}/deposits. */
    Future<Void> deposit(String accountId, long amount, String reference) {
        JsonObject body = new JsonObject().put("amount", amount).put("reference", reference);
        return send(HttpMethod.POST, "/accounts/" + accountId + "/deposits", body, 200).mapEmpty();
    }

    /** GET /relay: leader, checkpoint, lag percentiles. */
    Future<JsonObject> relay() {
        return send(HttpMethod.GET, "/relay", null, 200);
    }

    /** POST /relay/lag/reset: starts a fresh lag window. */
    Future<JsonObject> resetRelayLag() {
        return send(HttpMethod.POST, "/relay/lag/reset", null, 200);
    }

    /** True when /q/health/ready answers 200. */
    Future<Boolean> ready() {
        return send(HttpMethod.GET, "/q/health/ready", null, 200).map(ok -> true).otherwise(false);
    }

    private Future<JsonObject> send(HttpMethod method, String path, JsonObject body, int expectedStatus) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(TIMEOUT_MILLIS);
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
            if (idempotencyKeys) {
                options.putHeader("Idempotency-Key", UUID.randomUUID().toString());
            }
        }
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
                .compose(response -> response.body().compose(answer -> {
                    if (response.statusCode() != expectedStatus) {
                        return Future.failedFuture(method + " " + path + " -> HTTP " + response.statusCode() + " "
                                + abbreviate(answer));
                    }
                    return Future.succeededFuture(answer.length() == 0 ? new JsonObject() : answer.toJsonObject());
                }));
    }

    private static String abbreviate(Buffer body) {
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Override
    public void close() {
        http.close();
    }
}
