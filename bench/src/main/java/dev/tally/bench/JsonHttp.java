package dev.tally.bench;

import dev.tally.launcher.TallyToken;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * JSON over HTTP/1.1 with keep-alive to one service on 127.0.0.1 (Vert.x core client, non-blocking), as every
 * benchmark client uses it. Any status other than the expected one fails the future with the status and the body.
 */
final class JsonHttp implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 10_000;
    /** An admin token signed with the development key, which the services accept in the local profile. */
    private static final String AUTHORIZATION = "Bearer " + adminToken();

    private final HttpClient http;

    JsonHttp(Vertx vertx, int port, int maxConnections) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    Future<JsonObject> send(HttpMethod method, String path, JsonObject body, int expectedStatus, MultiMap headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(TIMEOUT_MILLIS);
        if (headers != null) {
            options.setHeaders(headers);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        options.putHeader("Authorization", AUTHORIZATION);
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
                .compose(response -> response.body().compose(answer -> {
                    if (response.statusCode() != expectedStatus) {
                        return Future.failedFuture(method + " " + path + " -> HTTP " + response.statusCode() + " "
                                + abbreviate(answer));
                    }
                    return Future.succeededFuture(answer.length() == 0 || answer.getByte(0) != '{'
                            ? new JsonObject() : answer.toJsonObject());
                }));
    }

    private static String adminToken() {
        Path key = Path.of(System.getProperty("tally.repo", ".")).resolve("deploy/dev-keys/tally-dev-private.pem");
        try {
            return TallyToken.mint(TallyToken.privateKey(key), "admin", "bench", Instant.now(), Duration.ofHours(12));
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a development token from " + key, e);
        }
    }

    Future<JsonObject> get(String path) {
        return send(HttpMethod.GET, path, null, 200, null);
    }

    /** True when /q/health/ready answers 200. */
    Future<Boolean> ready() {
        return get("/q/health/ready").map(ok -> true).otherwise(false);
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
