package dev.tally.views.audit;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes ledger events to the topic the way the write side's relay does (CloudEvents binary mode, key = stream id),
 * with dense global positions continuing after whatever the topic already holds, and stream versions per account.
 * Remembers every envelope it wrote, so a test can deliver them again.
 */
final class LedgerLog implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Long> versions = new HashMap<>();
    private final List<EventEnvelope> written = new ArrayList<>();
    private long lastPosition;
    private final int partitions;

    LedgerLog(Map<String, Object> kafkaConfig, String topic) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.lastPosition = highestPositionOnTopic(kafkaConfig, topic);
        this.partitions = producer.partitionsFor(topic).size();
    }

    /** How many partitions the topic has (the default partitioner spreads keys over them by murmur2 hash). */
    int partitions() {
        return partitions;
    }

    /** The highest position any record on the topic carries (0 for an empty topic). */
    long lastPosition() {
        return lastPosition;
    }

    /** An envelope for the next position and the next version of the event's account; not sent yet. */
    EventEnvelope next(LedgerEvent event, Instant time) {
        EventTypes types = EventTypes.ledger();
        String type = types.nameOf(event);
        long version = versions.merge(event.accountId(), 1L, Long::sum);
        return new EventEnvelope(UUID.randomUUID(), type, types.currentVersion(type), event.accountId(), version,
                ++lastPosition, time, "corr-" + lastPosition, "cause-" + lastPosition, null, "auditor-test",
                types.serialize(event));
    }

    /** Sends envelopes in the given order and waits until the broker has them. */
    void send(List<EventEnvelope> envelopes) {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            var record = new ProducerRecord<>(topic, EnvelopeCodec.key(envelope), EnvelopeCodec.value(envelope));
            LedgerCloudEvents.CODEC.toHeaders(envelope).forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
            acks.add(producer.send(record));
            written.add(envelope);
        }
        producer.flush();
        for (var ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not take an event", e);
            }
        }
    }

    /** Every envelope sent so far, in sending order. */
    List<EventEnvelope> written() {
        return List.copyOf(written);
    }

    private static long highestPositionOnTopic(Map<String, Object> kafkaConfig, String topic) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long highest = 0;
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            int expected = 0;
            for (TopicPartition partition : partitions) {
                if (ends.get(partition) > begins.get(partition)) {
                    consumer.seek(partition, ends.get(partition) - 1);
                    expected++;
                } else {
                    consumer.pause(List.of(partition));
                }
            }
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() == ends.get(partition) - 1) {
                        var header = record.headers().lastHeader(dev.tally.envelope.CloudEventHeaders.POSITION);
                        if (header != null) {
                            highest = Math.max(highest, Long.parseLong(new String(header.value())));
                        }
                        seen++;
                        consumer.pause(List.of(partition));
                    }
                }
            }
            if (seen < expected) {
                throw new IllegalStateException("could not read the last record of every partition of " + topic);
            }
        }
        return highest;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
