package dev.tally.projection;

import static dev.tally.projection.Eventually.projectionUntil;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.MoneyDeposited;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A missing stream version (which the write side never produces) is reported and never folded: the view's status is
 * DEGRADED with the stream and versions, its partition stops at the gapped record, other partitions go on. Runs on a
 * topic and view of its own, since it leaves a partition stopped.
 */
@QuarkusTest
@ExtendWith(TestTokens.AdminByDefault.class)
@TestProfile(GapTest.GapView.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class GapTest {

    static final String TOPIC = "tally.test.gaps";
    static final int PARTITIONS = 3;

    public static class GapView implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tally.projection.view", "gap_view",
                    "tally.projection.topic", TOPIC,
                    "tally.projection.group-id", "tally-gap-view",
                    "quarkus.flyway.schemas", "gap_view",
                    "quarkus.flyway.placeholders.view_schema", "gap_view");
        }
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void aVersionGapIsReportedAndNeverFolded() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String gapped = "gap-" + run;
        String sameLater = streamIn(partitionOf(gapped), "same-" + run + "-");
        String elsewhere = streamIn((partitionOf(gapped) + 1) % PARTITIONS, "else-" + run + "-");
        try (LogWriter log = new LogWriter(kafkaConfig, TOPIC).ensureTopic(PARTITIONS)) {
            log.open(gapped);
            EventEnvelope second = log.deposit(gapped, 10);
            log.next(gapped, new MoneyDeposited(gapped, 20, "EUR", "lost")); // version 3 never reaches the log
            EventEnvelope fourth = log.deposit(gapped, 40);
            log.open(sameLater); // behind the gap in the same partition
            EventEnvelope other = log.open(elsewhere);
            log.deposit(elsewhere, 5);

            JsonPath report = projectionUntil("the gap is reported", Duration.ofSeconds(60),
                    r -> "DEGRADED".equals(r.getString("status")));
            assertEquals(1, report.getList("openGaps").size(), report.prettify());
            assertEquals(gapped, report.getString("openGaps[0].streamId"));
            assertEquals(3, report.getLong("openGaps[0].expectedVersion"));
            assertEquals(4, report.getLong("openGaps[0].gotVersion"));
            assertEquals(fourth.position(), report.getLong("openGaps[0].position"));
            assertEquals(partitionOf(gapped), report.getInt("openGaps[0].partition"));
            assertEquals(1, report.getLong("gaps"));

            // The gapped stream keeps what came before the gap; nothing after it in that partition is folded.
            given().get("/balances/" + gapped).then().statusCode(200)
                    .body("balance", equalTo(10)).body("version", equalTo(2));
            given().get("/balances/" + sameLater).then().statusCode(404);
            // Other partitions go on.
            Eventually.until("the other partition's stream is folded", Duration.ofSeconds(30),
                    () -> given().get("/balances/" + elsewhere).statusCode() == 200);
            given().get("/balances/" + elsewhere).then().body("balance", equalTo(5));
            // The frontier stops below the missing position: read-your-writes never claims what is not folded.
            long frontier = Eventually.projection().getLong("frontier");
            assertEquals(second.position(), frontier, "frontier stops before the lost version's position");
            given().queryParam("minPosition", other.position()).get("/balances/" + elsewhere).then().statusCode(503);
            // Still ready: queries are answered, the status says what is wrong.
            given().get("/q/health/ready").then().statusCode(200);
        }
    }

    private static int partitionOf(String key) {
        return LogWriter.partitionOf(key, PARTITIONS);
    }

    private static String streamIn(int partition, String prefix) {
        return LogWriter.keysIn(partition, PARTITIONS, prefix, 1).get(0);
    }
}
