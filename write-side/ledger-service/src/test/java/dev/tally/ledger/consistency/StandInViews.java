package dev.tally.ledger.consistency;

import dev.tally.eventstore.LoadedStream;
import dev.tally.ledger.app.AccountStreams;
import dev.tally.ledger.domain.AccountState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for one read service, on its own port: answers {@code GET /consistency/accounts} and {@code GET /totals}
 * as a healthy view would, straight from the event store (the accounts loaded through {@link AccountStreams}, the
 * totals summed in SQL), unless the test injects a fault: a field overridden, an account hidden or an extra one, a
 * 503 answer, or the server stopped (connection refused).
 */
final class StandInViews implements AutoCloseable {

    private static final String ACCOUNT_IDS = """
            SELECT stream_id FROM eventstore.events
             WHERE stream_version = 1 AND event_type = 'AccountOpened' AND stream_id > $1
               AND ($2::text IS NULL OR stream_id <= $2)
             ORDER BY stream_id LIMIT $3""";

    private static final String TOTALS = """
            SELECT o.data->>'currency' AS currency,
                   coalesce(sum((e.data->>'amount')::bigint) FILTER (WHERE e.event_type = 'MoneyDeposited'), 0)::bigint
                       AS deposited,
                   coalesce(sum((e.data->>'amount')::bigint) FILTER (WHERE e.event_type = 'MoneyWithdrawn'), 0)::bigint
                       AS withdrawn,
                   coalesce(sum(CASE WHEN e.event_type IN ('MoneyDeposited', 'TransferReceived')
                                         THEN (e.data->>'amount')::bigint
                                     WHEN e.event_type IN ('MoneyWithdrawn', 'TransferSent')
                                         THEN -(e.data->>'amount')::bigint
                                     ELSE 0 END), 0)::bigint AS balances
              FROM eventstore.events o JOIN eventstore.events e ON e.stream_id = o.stream_id
             WHERE o.stream_version = 1 AND o.event_type = 'AccountOpened'
             GROUP BY 1 ORDER BY 1""";

    final String name;
    final int port;
    private final Vertx vertx;
    private final Pool pool;
    private final AccountStreams streams;
    private HttpServer server;

    /** accountId -> field -> value the view answers instead of the truth. */
    final Map<String, Map<String, Object>> overrides = new ConcurrentHashMap<>();
    final Set<String> hidden = ConcurrentHashMap.newKeySet();
    final Set<String> extra = ConcurrentHashMap.newKeySet();
    /** Non-zero: every request is answered with this status as a problem. */
    volatile int failWith;
    /** Added to every currency's sumOfBalances in /totals. */
    volatile long totalsSkew;
    volatile String lastAuthorization;
    volatile String lastMinPosition;

    StandInViews(String name, int port, Vertx vertx, Pool pool, AccountStreams streams) {
        this.name = name;
        this.port = port;
        this.vertx = vertx;
        this.pool = pool;
        this.streams = streams;
    }

    void reset() {
        overrides.clear();
        hidden.clear();
        extra.clear();
        failWith = 0;
        totalsSkew = 0;
    }

    void start() throws Exception {
        if (server != null) {
            return;
        }
        server = vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private void handle(HttpServerRequest request) {
        lastAuthorization = request.getHeader("Authorization");
        if (failWith != 0) {
            request.response().setStatusCode(failWith).putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject().put("status", failWith).put("code", "view-not-caught-up")
                            .put("detail", "stand-in " + name + " is behind").encode());
            return;
        }
        Uni<String> answer = switch (request.path()) {
            case "/consistency/accounts" -> fingerprint(request);
            case "/totals" -> totals();
            default -> Uni.createFrom().failure(new IllegalArgumentException("no route " + request.path()));
        };
        answer.subscribe().with(
                body -> request.response().putHeader("Content-Type", "application/json").end(body),
                failure -> request.response().setStatusCode(500).end(String.valueOf(failure.getMessage())));
    }

    private Uni<String> fingerprint(HttpServerRequest request) {
        String after = request.getParam("after", "");
        String until = request.getParam("until");
        int limit = Integer.parseInt(request.getParam("limit", "500"));
        lastMinPosition = request.getParam("minPosition");
        long frontier = lastMinPosition == null ? 0 : Long.parseLong(lastMinPosition);
        return pool.preparedQuery(ACCOUNT_IDS).execute(Tuple.of(after, until, (long) limit)).chain(rows -> {
            TreeSet<String> ids = new TreeSet<>();
            for (Row row : rows) {
                ids.add(row.getString("stream_id"));
            }
            ids.removeAll(hidden);
            extra.stream().filter(id -> id.compareTo(after) > 0 && (until == null || id.compareTo(until) <= 0))
                    .forEach(ids::add);
            List<String> page = ids.stream().limit(limit).toList();
            List<Uni<JsonObject>> accounts = page.stream().map(this::account).toList();
            Uni<List<JsonObject>> all = accounts.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(accounts).andFailFast();
            return all.map(list -> new JsonObject().put("view", name).put("frontier", frontier)
                    .put("accounts", new JsonArray(new ArrayList<>(list))).encode());
        });
    }

    private Uni<JsonObject> account(String id) {
        Uni<JsonObject> row;
        if (extra.contains(id)) {
            row = Uni.createFrom().item(new JsonObject().put("accountId", id).put("currency", "EUR")
                    .put("balance", 0L).put("version", 1L).put("status", "OPEN"));
        } else {
            row = streams.load(id, true).map((LoadedStream<AccountState> loaded) -> new JsonObject()
                    .put("accountId", id).put("currency", loaded.state().currency())
                    .put("balance", loaded.state().balance()).put("version", loaded.version())
                    .put("status", loaded.state().status().name()));
        }
        return row.map(json -> {
            overrides.getOrDefault(id, Map.of()).forEach(json::put);
            return json;
        });
    }

    private Uni<String> totals() {
        return pool.query(TOTALS).execute().map(rows -> {
            JsonArray totals = new JsonArray();
            for (Row row : rows) {
                totals.add(new JsonObject().put("currency", row.getString("currency"))
                        .put("totalDeposited", row.getLong("deposited")).put("totalWithdrawn", row.getLong("withdrawn"))
                        .put("sumOfBalances", row.getLong("balances") + totalsSkew));
            }
            return totals.encode();
        });
    }
}
