package dev.tally.projection;

import static dev.tally.projection.Eventually.frontierReaches;
import static dev.tally.projection.Eventually.projection;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A catch-up over partitions of very different sizes (one holds three fifths of the log's positions). A consumer
 * drains one partition's fetch before the next, so without levelling (dev.tally.projection.runtime.Leveller) that
 * partition's positions all wait above the frontier as pending; with it, partitions that ran ahead are paused until
 * the others come level, so few positions wait at any time, and the catch-up still ends with every event folded.
 * A rebuild is the catch-up: it reads the whole log from the start, all of it already written. A view and topic of
 * their own.
 */
@QuarkusTest
@ExtendWith(TestTokens.AdminByDefault.class)
@TestProfile(LevelledCatchUpTest.SmallBatches.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class LevelledCatchUpTest {

    static final String TOPIC = "tally.test.levelled";
    static final int PARTITIONS = 3;
    static final int DEPOSITS = 29;

    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tally.projection.view", "levelled_view",
                    "tally.projection.topic", TOPIC,
                    "tally.projection.group-id", "tally-levelled-view",
                    "tally.projection.max-batch", "50",
                    "quarkus.flyway.schemas", "levelled_view",
                    "quarkus.flyway.placeholders.view_schema", "levelled_view");
        }
    }

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void partitionsOfDifferentSizesAreReadLevelAndEveryEventIsFolded() throws Exception {
        String prefix = "lv-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        List<String> streams = new ArrayList<>();
        streams.addAll(streamsIn(0, prefix, 60));
        streams.addAll(streamsIn(1, prefix, 20));
        streams.addAll(streamsIn(2, prefix, 20));
        int events;
        long mostPending = 0;
        try (LogWriter log = new LogWriter(kafkaConfig, TOPIC).ensureTopic(PARTITIONS)) {
            List<EventEnvelope> all = new ArrayList<>();
            for (String s : streams) {
                all.add(log.next(s, new AccountOpened(s, "owner", "EUR", 0)));
            }
            for (int d = 1; d <= DEPOSITS; d++) {
                for (String s : streams) {
                    all.add(log.next(s, new MoneyDeposited(s, d, "EUR", "w")));
                }
            }
            log.sendAll(all);
            events = all.size();
            frontierReaches(log.lastPosition());

            int active = projection().getInt("activeGeneration");
            int rebuilt = given().post("/projection/rebuild").then().statusCode(202).extract().path("generation");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            JsonPath report = projection();
            while (!(report.getInt("activeGeneration") == rebuilt && report.get("rebuild") == null)) {
                assertTrue(System.nanoTime() < deadline, "the rebuild did not switch in time: " + report.prettify());
                mostPending = Math.max(mostPending, pending(rebuilt));
                Thread.sleep(10);
                report = projection();
            }
            assertEquals(active + 1, rebuilt);
            assertEquals(log.lastPosition(), report.getLong("frontier"));
            assertEquals(0, report.getList("openGaps").size(), report.prettify());
        }
        // The positions of one poll (50 records, about 80 positions of the big partition) wait while the small
        // partitions catch up; without levelling most of the big partition's 1,800 records do.
        assertTrue(mostPending < 400, "at most " + mostPending + " positions waited above the frontier at once");
        long expectedBalance = (long) DEPOSITS * (DEPOSITS + 1) / 2;
        assertEquals(streams.size(), count("SELECT count(*) FROM levelled_view.balances WHERE stream_id LIKE $1 "
                + "AND events = " + (DEPOSITS + 1) + " AND balance = " + expectedBalance, prefix + "%"));
        assertEquals(events, count("SELECT count(*) FROM levelled_view.journal WHERE stream_id LIKE $1", prefix + "%"));
    }

    private long pending(int generation) {
        return count("SELECT count(*) FROM levelled_view.pending_positions WHERE generation = $1::int", generation);
    }

    private long count(String sql, Object arg) {
        return pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private static List<String> streamsIn(int partition, String prefix, int n) {
        return LogWriter.keysIn(partition, PARTITIONS, prefix + partition + "-", n);
    }
}
