package dev.tally.projection;

import static dev.tally.projection.Eventually.frontierReaches;
import static dev.tally.projection.Eventually.projectionUntil;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tally.access.TestTokens;
import dev.tally.engines.KafkaEngine;
import dev.tally.engines.PostgresEngine;
import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL goes away while events arrive: the projection reports DOWN (and is not ready), retries the same batch
 * with back-off, and once PostgreSQL is back folds every event exactly once.
 */
@QuarkusTest
@ExtendWith(TestTokens.AdminByDefault.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class OutageTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void aDatabaseOutageIsReportedAndTheBatchIsRetriedUntilItCommits() {
        String stream = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        PostgresEngine postgres = RealEngines.postgres();
        try (LogWriter log = new LogWriter(kafkaConfig, FoldingTest.TOPIC).ensureTopic(6)) {
            log.open(stream);
            frontierReaches(log.lastPosition());

            postgres.stop();
            try {
                log.deposit(stream, 10);
                log.deposit(stream, 20);
                JsonPath down = projectionUntil("the projection reports DOWN", Duration.ofSeconds(60),
                        r -> "DOWN".equals(r.getString("status")));
                assertNotNull(down.getString("failure"));
                given().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'projection' }.status", equalTo("DOWN"));
            } finally {
                postgres.start();
            }

            frontierReaches(log.lastPosition());
            projectionUntil("the projection runs again", Duration.ofSeconds(60), r -> "RUNNING".equals(r.getString("status")));
            given().get("/balances/" + stream).then().statusCode(200)
                    .body("balance", equalTo(30)).body("events", equalTo(3)).body("version", equalTo(3));
            Eventually.until("ready again", Duration.ofSeconds(30),
                    () -> given().get("/q/health/ready").statusCode() == 200);
            assertEquals(200, given().get("/q/health/ready").statusCode());
        }
    }

    @Test
    void aKafkaOutageIsReportedAndFoldingResumesWhenItIsBack() {
        String stream = "kafka-outage-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaEngine kafka = RealEngines.kafka();
        try (LogWriter log = new LogWriter(kafkaConfig, FoldingTest.TOPIC).ensureTopic(6)) {
            log.open(stream);
            frontierReaches(log.lastPosition());
        }
        kafka.stop();
        try {
            JsonPath down = projectionUntil("the projection reports DOWN", Duration.ofSeconds(60),
                    r -> "DOWN".equals(r.getString("status")));
            assertNotNull(down.getString("failure"));
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            kafka.start();
        }
        try (LogWriter log = new LogWriter(kafkaConfig, FoldingTest.TOPIC)) {
            log.deposit(stream, 7);
            frontierReaches(log.lastPosition());
            given().get("/balances/" + stream).then().statusCode(200).body("balance", equalTo(7)).body("events", equalTo(2));
            projectionUntil("the projection runs again", Duration.ofSeconds(60), r -> "RUNNING".equals(r.getString("status")));
        }
    }
}
