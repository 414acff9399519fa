package dev.tally.projection.runtime;

import java.time.Duration;
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

    /**
     * Bytes a fetch waits for while the live linger runs: a full partition fetch (the consumer's default
     * {@code max.partition.fetch.bytes}), so a live batch is cut by the linger and a log with that much to read
     * (catch-up, rebuilds) is answered at once.
     */
    static final int LINGER_FETCH_MIN_BYTES = 1024 * 1024;

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
        lingerInTheBroker(props, config.liveLinger());
        return props;
    }

    /** The Kafka client's own default {@code request.timeout.ms}. */
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

    /**
     * Fails start-up on a live linger the Kafka client cannot wait out: the broker holds a fetch for up to the linger,
     * and a request not answered within {@code request.timeout.ms} is abandoned and its connection closed, so every
     * held fetch would be lost and the view would stop folding. Negative lingers are refused too.
     */
    static void requireLingerWithinRequestTimeout(Map<String, Object> base, Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("tally.projection.live-linger must not be negative, was " + linger);
        }
        Object configured = base.get(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        long timeout = configured == null ? DEFAULT_REQUEST_TIMEOUT_MS : Long.parseLong(configured.toString().trim());
        if (linger.toMillis() >= timeout) {
            throw new IllegalArgumentException("tally.projection.live-linger (" + linger.toMillis() + " ms) must stay"
                    + " below kafka.request.timeout.ms (" + timeout + " ms): the broker holds a fetch for up to the"
                    + " linger, and the client abandons a request not answered within its timeout");
        }
    }

    /**
     * The live linger happens in the broker: it holds a fetch until {@code fetch.min.bytes} are there or
     * {@code live-linger} has passed, so what arrives meanwhile comes in one answer, one poll and one batch. Lingering
     * in the consumer instead (polling on after the first records) cost a fetch answer per relay batch and view;
     * in the broker it is one per linger (bench/results/live-2026-12-07-fetch-linger.md). {@code kafka.fetch.min.bytes}
     * set by the application wins. Zero: Kafka's defaults, every record answered at once.
     */
    static void lingerInTheBroker(Map<String, Object> props, Duration linger) {
        if (linger.isZero()) {
            return;
        }
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) linger.toMillis());
        props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, LINGER_FETCH_MIN_BYTES);
    }
}
