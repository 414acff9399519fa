package dev.tally.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class ProjectionSmokeTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void foldsEventsAndAnswersReadYourWrites() {
        try (LogWriter log = new LogWriter(kafkaConfig, "tally.test.events").ensureTopic(6)) {
            log.open("smoke-1");
            log.deposit("smoke-1", 500);
            long position = log.deposit("smoke-1", 250).position();
            given().queryParam("minPosition", position).get("/balances/smoke-1")
                    .then().statusCode(200).body("balance", equalTo(750)).body("events", equalTo(3));
        }
        given().get("/projection").then().log().body().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
