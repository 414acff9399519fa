package dev.tally.projection;

import static dev.tally.projection.Eventually.frontierReaches;
import static dev.tally.projection.Eventually.projection;
import static dev.tally.projection.Eventually.projectionUntil;
import static io.restassured.RestAssured.given;

import dev.tally.access.TestTokens;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a timed test: prints how fast a rebuild folds the log (the catch-up rate) with the test view. Run on demand:
 * {@code ./mvnw -pl read-side/projection-runtime test -Dtest=CatchUpRateTest -Dtally.perf=true [-Dtally.perf.events=200000]}.
 */
@QuarkusTest
@ExtendWith(TestTokens.AdminByDefault.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@EnabledIfSystemProperty(named = "tally.perf", matches = "true")
class CatchUpRateTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void printCatchUpRate() {
        int events = Integer.getInteger("tally.perf.events", 200_000);
        int streams = 1_000;
        try (LogWriter log = new LogWriter(kafkaConfig, FoldingTest.TOPIC).ensureTopic(6)) {
            log.workload("perf-" + UUID.randomUUID().toString().substring(0, 6) + "-", streams, events / streams - 1);
            frontierReaches(log.lastPosition());
            int active = projection().getInt("activeGeneration");
            long started = System.nanoTime();
            given().post("/projection/rebuild").then().statusCode(202);
            JsonPath done = projectionUntil("the rebuild switched", Duration.ofMinutes(30),
                    r -> r.getInt("activeGeneration") == active + 1 && r.get("rebuild") == null);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("CATCH-UP: rebuild folded %d events in %.2f s = %.0f events/s (max-batch %s)%n",
                    done.getLong("eventsApplied"), seconds, done.getLong("eventsApplied") / seconds,
                    System.getProperty("tally.projection.max-batch", "500"));
        }
    }
}
