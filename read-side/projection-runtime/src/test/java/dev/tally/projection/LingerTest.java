package dev.tally.projection;

import static dev.tally.projection.Eventually.frontierReaches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.projection.testapp.CountingProjection;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live linger on real Kafka and PostgreSQL: the broker holds each fetch for {@code live-linger}, so records that
 * arrive one by one meanwhile come in one answer and are folded in one transaction, still exactly once. The linger is
 * made long here (2 s) and the five records come 100 ms apart, so they span at most two fetches however fast the
 * machine is; without the linger each record is its own batch.
 */
@QuarkusTest
@TestProfile(LingerTest.LongLinger.class)
@ExtendWith(TestTokens.AdminByDefault.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class LingerTest {

    public static final class LongLinger implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tally.projection.live-linger", "2s");
        }
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    CountingProjection projection;

    @Test
    void recordsArrivingWithinTheLingerAreFoldedInOneTransaction() throws InterruptedException {
        try (LogWriter log = new LogWriter(kafkaConfig, FoldingTest.TOPIC).ensureTopic(6)) {
            String stream = "linger-" + UUID.randomUUID().toString().substring(0, 8);
            log.open(stream);
            frontierReaches(log.lastPosition());
            long batchesBefore = projection.committedBatches();
            long eventsBefore = projection.committedEvents();

            for (int i = 0; i < 5; i++) {
                log.deposit(stream, 10);
                Thread.sleep(100);
            }
            frontierReaches(log.lastPosition());

            assertEquals(5, projection.committedEvents() - eventsBefore, "every deposit applied once");
            long batches = projection.committedBatches() - batchesBefore;
            assertTrue(batches <= 2, "5 records 100 ms apart within a 2 s linger took " + batches + " batches");
        }
    }
}
