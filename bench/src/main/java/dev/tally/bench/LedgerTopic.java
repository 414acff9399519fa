package dev.tally.bench;

import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import dev.tally.engines.log.EnvelopeWriter;
import dev.tally.engines.log.Topics;

/**
 * The ledger topic of the read benchmarks, written as the write side's relay would publish it (the shared
 * {@link EnvelopeWriter}: CloudEvents binary mode, key = stream id, idempotent, {@code acks=all}) with no compression
 * (the relay sets none), but batched ({@code linger.ms=20}, 256 KiB batches) because here throughput matters, not
 * latency.
 */
final class LedgerTopic {

    static final String TOPIC = "tally.ledger.events";
    static final int PARTITIONS = 6;

    private static final Map<String, Object> THROUGHPUT = Map.of(
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
            ProducerConfig.CLIENT_ID_CONFIG, "tally-read-bench-log-writer");

    private LedgerTopic() {
    }

    /** The topic as the relay creates it: 6 partitions, replication 1, unlimited retention. */
    static void create(String bootstrap) {
        Topics.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new NewTopic(TOPIC, PARTITIONS, (short) 1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    }

    /** Sends every event of {@code log} and waits for all acknowledgements; returns the number sent. */
    static long write(String bootstrap, LedgerLog log) {
        try (EnvelopeWriter writer = new EnvelopeWriter(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                TOPIC, THROUGHPUT)) {
            return writer.stream(log);
        }
    }
}
