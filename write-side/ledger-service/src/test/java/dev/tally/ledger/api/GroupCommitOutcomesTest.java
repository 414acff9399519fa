package dev.tally.ledger.api;

import static dev.tally.ledger.api.LedgerApi.balance;
import static dev.tally.ledger.api.LedgerApi.deposit;
import static dev.tally.ledger.api.LedgerApi.eventCount;
import static dev.tally.ledger.api.LedgerApi.open;
import static dev.tally.ledger.api.LedgerApi.withdraw;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.ExpectedVersion;
import dev.tally.eventstore.GroupCommitStats;
import dev.tally.eventstore.StreamAppend;
import dev.tally.ledger.app.AccountStreams;
import dev.tally.ledger.app.CommandContext;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commands that share one group-committed append transaction each keep their own outcome (see
 * write-side/event-store/README.md, "Group commit"): a success, a stale {@code If-Match} (412), a command whose retry on
 * fresh state is rejected by a business rule (422) and an Idempotency-Key replay, all four in one batch.
 *
 * <p>Commands of one replica on the same account take turns (StreamLanes), so a replay can share a batch only when the
 * original was accepted elsewhere: "another replica", played here by a transaction of the test, holds the position
 * lock while it moves two accounts and remembers an answer under the key, as if it had accepted the keyed request.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class GroupCommitOutcomesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    EventStore store;

    @Inject
    AccountStreams streams;

    @Inject
    Pool pool;

    @Test
    void fourCommandsInOneBatchEachGetTheirOwnAnswer() throws Exception {
        String blocker = open("gc-0", "EUR", 0);
        String succeeds = open("gc-a", "EUR", 0);
        String staleIfMatch = open("gc-b", "EUR", 0);
        String rejectedOnRetry = open("gc-c", "EUR", 0);
        String replayed = open("gc-d", "EUR", 0);
        for (String account : List.of(succeeds, staleIfMatch, rejectedOnRetry, replayed)) {
            deposit(account, 100).then().statusCode(200);
        }
        Map<String, Object> keyedDeposit = Map.of("amount", 7, "reference", "once");
        // The same request under another key, accepted here: its row gives the request's fingerprint for the other
        // replica's row below (the fingerprint does not include the key).
        String earlierKey = UUID.randomUUID().toString();
        Response earlier = keyed(replayed, earlierKey, keyedDeposit);
        assertEquals(200, earlier.statusCode());
        String key = UUID.randomUUID().toString();
        GroupCommitStats before = store.groupCommitStats();
        ExecutorService clients = Executors.newFixedThreadPool(5);
        SqlConnection holder = pool.getConnection().await().atMost(WAIT);
        try {
            // Another replica holds the position lock while it moves two accounts: this replica's cached states of
            // them are now stale, which only the append's version check will notice. It also remembers an answer
            // under the key, which this replica's insert of the same key will run into.
            Transaction otherReplica = holder.begin().await().atMost(WAIT);
            store.append(holder, List.of(
                    asAnotherReplica(staleIfMatch, 2, new MoneyDeposited(staleIfMatch, 1, "EUR", "elsewhere")),
                    asAnotherReplica(rejectedOnRetry, 2, new MoneyWithdrawn(rejectedOnRetry, 50, "EUR", "elsewhere"))))
                    .await().atMost(WAIT);
            holder.preparedQuery("""
                    INSERT INTO ledger.idempotency_keys
                           (caller, idempotency_key, request_hash, status, body, location, last_stream_id,
                            last_stream_version)
                    SELECT caller, $1, request_hash, status, body, location, last_stream_id, last_stream_version
                      FROM ledger.idempotency_keys WHERE idempotency_key = $2""")
                    .execute(Tuple.of(key, earlierKey)).await().atMost(WAIT);

            // A first batch waits for the lock; the four commands queue behind it.
            Future<Response> first = clients.submit(() -> deposit(blocker, 1));
            until("the first batch waits for the lock", () -> store.groupCommitStats().batches() == before.batches() + 1);
            Future<Response> success = clients.submit(() -> deposit(succeeds, 10));
            Future<Response> precondition = clients.submit(() -> given().header("If-Match", "\"2\"")
                    .contentType(ContentType.JSON).body(Map.of("amount", 5, "reference", "b"))
                    .post("/accounts/" + staleIfMatch + "/deposits"));
            Future<Response> rejection = clients.submit(() -> withdraw(rejectedOnRetry, 80));
            Future<Response> replay = clients.submit(() -> keyed(replayed, key, keyedDeposit));
            until("the four commands queue", () -> store.groupCommitStats().queued() == 4);
            otherReplica.commit().await().atMost(WAIT);

            assertEquals(200, answer(first).statusCode());
            assertEquals(200, answer(success).statusCode());
            assertEquals(3, answer(success).jsonPath().getInt("version"));
            Response stale = answer(precondition);
            assertEquals(412, stale.statusCode());
            assertEquals("\"3\"", stale.header("ETag"));
            Response rejected = answer(rejection);
            assertEquals(422, rejected.statusCode());
            assertEquals("INSUFFICIENT_FUNDS", rejected.jsonPath().getString("code"));
            Response again = answer(replay);
            assertEquals(200, again.statusCode());
            assertEquals("true", again.header("Idempotent-Replayed"));
            assertEquals(earlier.jsonPath().getMap(""), again.jsonPath().getMap(""), "the remembered answer");
        } finally {
            holder.close().await().atMost(WAIT);
            clients.shutdownNow();
        }
        GroupCommitStats after = store.groupCommitStats();
        assertEquals(1, after.batchesOfSize(4) - before.batchesOfSize(4), "the four commands shared one batch");

        assertEquals(3, eventCount(succeeds));
        assertEquals(110, balance(succeeds));
        assertEquals(3, eventCount(staleIfMatch), "only the other replica's deposit");
        assertEquals(3, eventCount(rejectedOnRetry), "only the other replica's withdrawal");
        assertEquals(50, balance(rejectedOnRetry));
        assertEquals(3, eventCount(replayed), "the replayed deposit appended nothing");
        assertEquals(107, balance(replayed));
    }

    private StreamAppend asAnotherReplica(String account, long version, LedgerEvent event) {
        var context = new CommandContext(null, "", OptionalLong.empty(), "other-replica", null, null);
        return new StreamAppend(account, ExpectedVersion.exactly(version), streams.encode(List.of(event), context));
    }

    private static Response keyed(String account, String key, Map<String, Object> body) {
        return given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/accounts/" + account + "/deposits");
    }

    private static Response answer(Future<Response> response) throws Exception {
        return response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
