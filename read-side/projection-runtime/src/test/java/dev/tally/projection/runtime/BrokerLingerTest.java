package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The live linger as fetch settings: the broker holds a fetch for the linger unless a full fetch is there. */
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
    void noLingerLeavesKafkasDefaultsSoEveryRecordIsAnsweredAtOnce() {
        Map<String, Object> props = new HashMap<>();
        KafkaSettings.lingerInTheBroker(props, Duration.ZERO);
        assertFalse(props.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertFalse(props.containsKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
    }
}
