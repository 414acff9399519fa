package dev.tally.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The relay's producer keeps its delivery guarantees whatever the application's Kafka settings say. */
class ProducerSettingsTest {

    @Test
    void idempotenceAcksAllAndFiveInFlightCannotBeOverridden() {
        Map<String, String> overrides = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "50",
                ProducerConfig.LINGER_MS_CONFIG, "2");
        Map<String, Object> kafka = Map.of("bootstrap.servers", "localhost:1", "group.id", "app",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx");

        Map<String, Object> config = relay(overrides, kafka).producerConfig();

        assertEquals("true", config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("5", config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
        assertEquals("2", config.get(ProducerConfig.LINGER_MS_CONFIG), "tuning overrides apply");
        assertEquals("localhost:1", config.get("bootstrap.servers"));
        assertFalse(config.containsKey("group.id"));
        assertFalse(config.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        assertTrue(String.valueOf(config.get(ProducerConfig.CLIENT_ID_CONFIG)).startsWith("tally-outbox-relay-"));
    }

    @Test
    void lowLatencyDefaults() {
        Map<String, Object> config = relay(Map.of(), Map.of("bootstrap.servers", "localhost:1")).producerConfig();
        assertEquals("0", config.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("30000", config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals("5", config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
    }

    private static OutboxRelay relay(Map<String, String> overrides, Map<String, Object> kafka) {
        RelaySettings settings = new RelaySettings("topic", 6, (short) 1, "/src", "p.", Duration.ofSeconds(1),
                Duration.ZERO, 500, "kafka", 1L, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(5), overrides);
        // Nothing connects until start(): no engine is needed to inspect the producer settings.
        return new OutboxRelay(settings, null, null, null, kafka);
    }
}
