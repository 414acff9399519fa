package dev.tally.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.EventTypes;

/**
 * The raw Kafka baseline: one kafka-clients consumer in a fresh group, configured like the projection runtime's
 * (byte[] deserializers, earliest, read_committed, no auto commit, max.poll.records = the runtime's batch of 500),
 * reading the whole topic. {@code parse} adds what every view must do per record before folding it: the CloudEvents
 * envelope ({@link EnvelopeCodec#fromKafka}) and the typed event ({@link EventTypes#deserialize}).
 */
final class RawConsumer {

    private RawConsumer() {
    }

    /** Reads until {@code expected} records arrived; returns a checksum so the work cannot be optimised away. */
    static long readAll(String bootstrap, String topic, long expected, boolean parse, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tally-read-bench-raw-" + UUID.randomUUID());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tally-read-bench-raw");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        EventTypes types = EventTypes.ledger();
        long count = 0;
        long checksum = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("raw consumer read " + count + " of " + expected + " in " + timeout);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    count++;
                    if (parse) {
                        EventEnvelope envelope = LedgerCloudEvents.CODEC.fromKafka(r.key(), name -> {
                            Header h = r.headers().lastHeader(name);
                            return h == null ? null : h.value();
                        }, r.value());
                        checksum += types.deserialize(envelope).balanceEffect() + envelope.position();
                    } else {
                        checksum += r.value().length + r.offset();
                    }
                }
            }
        }
        return checksum;
    }
}
