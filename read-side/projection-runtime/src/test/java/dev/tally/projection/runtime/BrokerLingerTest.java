package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * The live linger as fetch settings: the broker holds a fetch for the linger unless a full fetch is there; a linger the
 * client's request timeout cannot wait out is refused.
 */
class BrokerLingerTest {

    @Test
    void aLingerHoldsFetchesForThatLongUntilAFullPartitionFetchIsThere() {
        Map<String, Object> props = new HashMap<>();
        KafkaSettings.lingerInTheBroker(props, Duration.ofMillis(20));
        assertEquals(20, props.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals(1024 * 1024, props.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
    }

    @Test
    void theApplicationsOwnFetchMinBytesWins() {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536"));
        KafkaSettings.lingerInTheBroker(props, Duration.ofMillis(20));
        assertEquals("65536", props.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
        assertEquals(20, props.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    }

    @Test
    void aLingerTheClientCannotWaitOutIsRefusedNamingBothSettings() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> KafkaSettings.requireLingerWithinRequestTimeout(
                        Map.of(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"), Duration.ofSeconds(5)));
        assertTrue(refused.getMessage().contains("tally.projection.live-linger (5000 ms)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("kafka.request.timeout.ms (5000 ms)"), refused.getMessage());
        assertDoesNotThrow(() -> KafkaSettings.requireLingerWithinRequestTimeout(
                Map.of(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"), Duration.ofMillis(4999)));
    }

    @Test
    void withoutARequestTimeoutOfItsOwnTheClientsDefaultApplies() {
        assertDoesNotThrow(() -> KafkaSettings.requireLingerWithinRequestTimeout(Map.of(), Duration.ofSeconds(29)));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaSettings.requireLingerWithinRequestTimeout(Map.of(), Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaSettings.requireLingerWithinRequestTimeout(Map.of(), Duration.ofMillis(-1)));
        assertDoesNotThrow(() -> KafkaSettings.requireLingerWithinRequestTimeout(Map.of(), Duration.ZERO));
    }

    @Test
    void noLingerLeavesKafkasDefaultsSoEveryRecordIsAnsweredAtOnce() {
        Map<String, Object> props = new HashMap<>();
        KafkaSettings.lingerInTheBroker(props, Duration.ZERO);
        assertFalse(props.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertFalse(props.containsKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
    }
}
