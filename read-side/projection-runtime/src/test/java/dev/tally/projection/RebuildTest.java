package dev.tally.projection;

import static dev.tally.projection.Eventually.frontierReaches;
import static dev.tally.projection.Eventually.projection;
import static dev.tally.projection.Eventually.projectionUntil;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.EventEnvelope;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Zero-downtime rebuild: a new generation folds the log from the start while the old one serves, then the SQL views
 * switch atomically. First on a quiet log (the rebuilt tables equal the incrementally built ones, row for row), then
 * under writes and queries (no query fails, no event is lost or folded twice across the switch).
 */
@QuarkusTest
@ExtendWith(TestTokens.AdminByDefault.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class RebuildTest {

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void aRebuildEqualsTheIncrementalViewAndQueriesNeverFailDuringIt() throws Exception {
        String prefix = "rb-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        try (LogWriter log = new LogWriter(kafkaConfig, FoldingTest.TOPIC).ensureTopic(6)) {
            List<EventEnvelope> events = log.workload(prefix, 200, 100);
            frontierReaches(log.lastPosition());
            int incremental = projection().getInt("activeGeneration");

            // 1. Quiet log: rebuild, then compare the retired incremental generation with the rebuilt one.
            long started = System.nanoTime();
            int rebuilt = given().post("/projection/rebuild").then().statusCode(202).extract().path("generation");
            assertEquals(incremental + 1, rebuilt);
            given().post("/projection/rebuild").then().statusCode(409)
                    .contentType("application/problem+json").body("code", equalTo("rebuild-running"));
            JsonPath during = projection();
            JsonPath switched = projectionUntil("generation " + rebuilt + " is active", Duration.ofSeconds(180),
                    r -> r.getInt("activeGeneration") == rebuilt && r.get("rebuild") == null);
            double seconds = (System.nanoTime() - started) / 1e9;
            long folded = switched.getLong("eventsApplied");
            System.out.printf("rebuild folded %d events (%d records) in %.2f s: %.0f events/s%n", folded,
                    endOffsets(), seconds, folded / seconds);
            assertTrue(during.get("rebuild") != null || seconds < 0.5, "progress is visible while rebuilding");
            assertEquals(log.lastPosition(), switched.getLong("frontier"));
            for (String table : List.of("balances", "journal", "stream_versions")) {
                assertEquals(0, difference("test_view_g" + incremental, "test_view_g" + rebuilt, table),
                        table + " of the rebuilt generation equals the incremental one");
            }
            assertEquals(events.size(), count("SELECT count(*) FROM test_view.journal WHERE stream_id LIKE $1", prefix + "%"));

            // 2. Under writes and queries.
            Map<String, Long> expected = new ConcurrentHashMap<>();
            for (int s = 0; s < 200; s++) {
                expected.put(prefix + s, 5050L);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger queries = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    int status = given().get("/balances/" + prefix + "7").statusCode();
                    queries.incrementAndGet();
                    if (status != 200) {
                        synchronized (failures) {
                            failures.add("status " + status);
                        }
                    }
                }
            });
            Thread writer = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    String stream = prefix + (i % 200);
                    log.deposit(stream, 1);
                    expected.merge(stream, 1L, Long::sum);
                    i++;
                }
            });
            reader.start();
            writer.start();
            Thread.sleep(300);
            int second = given().post("/projection/rebuild").then().statusCode(202).extract().path("generation");
            projectionUntil("generation " + second + " is active", Duration.ofSeconds(180),
                    r -> r.getInt("activeGeneration") == second && r.get("rebuild") == null);
            Thread.sleep(500); // writes and queries after the switch too
            stop.set(true);
            writer.join();
            reader.join();

            frontierReaches(log.lastPosition());
            assertTrue(failures.isEmpty(), "queries failed during the rebuild: " + failures);
            assertTrue(queries.get() > 20, "the query loop ran: " + queries.get());
            Map<String, Long> actual = new TreeMap<>();
            pool.preparedQuery("SELECT stream_id, balance FROM test_view.balances WHERE stream_id LIKE $1")
                    .execute(Tuple.of(prefix + "%")).await().atMost(Duration.ofSeconds(10))
                    .forEach(r -> actual.put(r.getString(0), r.getLong(1)));
            assertEquals(new TreeMap<>(expected), actual, "every deposit folded exactly once across the switch");
            assertEquals(count("SELECT count(*) FROM test_view_g" + second + ".journal WHERE true AND stream_id LIKE $1", prefix + "%"),
                    count("SELECT count(DISTINCT position) FROM test_view_g" + second + ".journal WHERE stream_id LIKE $1", prefix + "%"));
            // Only the newest retired generation is kept.
            assertEquals(0, count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1",
                    "test_view_g" + incremental));
            assertEquals(1, count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1",
                    "test_view_g" + rebuilt));
        }
    }

    /** Rows in one table and not the other, both ways. */
    private long difference(String a, String b, String table) {
        String sql = "SELECT (SELECT count(*) FROM (SELECT * FROM " + a + "." + table + " EXCEPT SELECT * FROM " + b + "." + table
                + ") x) + (SELECT count(*) FROM (SELECT * FROM " + b + "." + table + " EXCEPT SELECT * FROM " + a + "." + table + ") y)";
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(30)).iterator().next().getLong(0);
    }

    private long count(String sql, String arg) {
        return pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private long endOffsets() {
        return count("SELECT coalesce(sum(next_offset), 0) FROM test_view.checkpoints c JOIN test_view.generations g "
                + "ON g.n = c.generation WHERE g.status = $1", "ACTIVE");
    }
}
