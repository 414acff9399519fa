package dev.tally.projection.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Conformance test every view built on the projection runtime runs on itself: the service, with its own
 * configuration, reaches the real PostgreSQL and the real Kafka. A view declares it in one line, with the test
 * resource that starts the engines:
 * {@code @QuarkusTest @WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
 * class EnginesReachableTest extends EnginesReachableContract {}}.
 */
public abstract class EnginesReachableContract {

    @Inject
    protected Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    protected Map<String, Object> kafkaConfig;

    @Test
    public void readinessIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    public void writesAndReadsARow() {
        String marker = UUID.randomUUID().toString();
        String read = pool.withTransaction(tx -> tx.query("CREATE TEMP TABLE probe (marker text) ON COMMIT DROP").execute()
                        .chain(() -> tx.preparedQuery("INSERT INTO probe VALUES ($1)").execute(Tuple.of(marker)))
                        .chain(() -> tx.query("SELECT marker FROM probe").execute()))
                .await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertEquals(marker, read);
    }

    @Test
    public void producesAndConsumesARecord() throws Exception {
        String topic = "probe-" + UUID.randomUUID();
        String value = UUID.randomUUID().toString();
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            ConsumerRecord<String, String> received = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    received = record;
                }
            }
            assertEquals(value, received == null ? null : received.value());
        }
    }
}
