package dev.tally.ledger.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.engines.testing.WithDevelopmentKey;
import dev.tally.outbox.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged service (jar, or native with {@code -Dnative}) end to end through its outbox: commands over HTTP, the
 * relay leading and publishing, and a standard CloudEvents reader decoding every record it wrote, payload included.
 * This is where a native executable would first show missing reflection for the envelope or the event records.
 */
@QuarkusIntegrationTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class RelayPublishesCloudEventsIT {

    @Test
    void commandsReachTheLogAsCloudEventsInStreamOrder() {
        String account = post("/accounts", Map.of("ownerId", "relay-it", "currency", "EUR", "overdraftLimit", 100))
                .then().statusCode(201).extract().path("accountId");
        post("/accounts/" + account + "/deposits", Map.of("amount", 2_500, "reference", "in")).then().statusCode(200);
        post("/accounts/" + account + "/withdrawals", Map.of("amount", 600, "reference", "out")).then().statusCode(200);
        // Rejected: must leave no trace on the log.
        post("/accounts/" + account + "/withdrawals", Map.of("amount", 10_000, "reference", "too much"))
                .then().statusCode(422);

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader("tally.ledger.events")) {
            records = reader.readUntil(account::equals, r -> r.size() >= 3, Duration.ofSeconds(60),
                    "the account's three events are on the log");
        }
        assertEquals(3, records.size(), "only the accepted commands are published");
        List<String> types = List.of("dev.tally.ledger.AccountOpened", "dev.tally.ledger.MoneyDeposited",
                "dev.tally.ledger.MoneyWithdrawn");
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            CloudEvent event = decode(record);
            assertEquals(SpecVersion.V1, event.getSpecVersion());
            assertEquals(types.get(i), event.getType());
            assertEquals(account, event.getSubject());
            assertEquals(Integer.toString(i + 1), event.getExtension("streamversion"));
            assertEquals("test-admin", event.getExtension("actor"), "the token's subject is the actor");
            assertTrue(Long.parseLong((String) event.getExtension("position")) > 0);
            assertEquals(account, data(event).getString("accountId"));
        }
        JsonObject deposited = data(decode(records.get(1)));
        assertEquals(2_500L, deposited.getLong("amount"));
        assertEquals("EUR", deposited.getString("currency"));
        assertEquals(600L, data(decode(records.get(2))).getLong("amount"));

        given().get("/relay").then().statusCode(200)
                .body("leader", equalTo(true))
                .body("publishedEvents", greaterThanOrEqualTo(3));
    }

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static CloudEvent decode(ConsumerRecord<String, byte[]> record) {
        MessageReader message = KafkaMessageFactory.createReader(record);
        return message.toEvent();
    }

    private static JsonObject data(CloudEvent event) {
        return new JsonObject(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
    }
}
