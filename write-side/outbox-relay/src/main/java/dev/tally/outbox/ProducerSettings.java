package dev.tally.outbox;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

/** The relay producer's Kafka properties: the application's, tuned, with the delivery guarantees enforced. */
final class ProducerSettings {

    /**
     * @param kafkaConfig the application's client properties (at least {@code bootstrap.servers})
     * @param clientId    the producer's {@code client.id}
     */
    static Map<String, Object> of(RelaySettings settings, Map<String, Object> kafkaConfig, String clientId) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.min(10_000, settings.ackTimeout().toMillis())));
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(settings.ackTimeout().toMillis()));
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.ackTimeout().toMillis()));
        config.putAll(settings.producer());
        // The delivery guarantees are not negotiable: no duplicates from retries, no reordering, replicated acks.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        int inFlight = Integer.parseInt(String.valueOf(
                config.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")));
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Integer.toString(Math.min(5, inFlight)));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove("group.id"); // a consumer setting the application may have under kafka.*
        return config;
    }

    private ProducerSettings() {
    }
}
