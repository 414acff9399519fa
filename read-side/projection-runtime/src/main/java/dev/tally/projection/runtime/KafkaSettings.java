package dev.tally.projection.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Consumer settings on top of the application's Kafka config ({@code kafka.*}). */
final class KafkaSettings {

    private KafkaSettings() {
    }

    static Map<String, Object> admin(Map<String, Object> base, String clientId) {
        Map<String, Object> props = new HashMap<>();
        base.forEach((k, v) -> {
            if (!k.contains("serializer") && !k.contains("deserializer") && !k.startsWith("group.")
                    && !k.startsWith("auto.") && !k.startsWith("enable.")) {
                props.put(k, v);
            }
        });
        props.put("client.id", clientId);
        return props;
    }

    static Map<String, Object> consumer(Map<String, Object> base, ProjectionConfig config, String groupId, String clientId) {
        Map<String, Object> props = new HashMap<>(base);
        props.keySet().removeIf(k -> k.contains("serializer") || k.contains("deserializer"));
        if (groupId == null) {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Offsets live in PostgreSQL with the view's rows; Kafka never stores them.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        // The log is created by its writer with its partition count; a consumer must never create it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }
}
