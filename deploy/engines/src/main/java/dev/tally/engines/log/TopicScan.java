package dev.tally.engines.log;

import dev.tally.envelope.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic once, from the beginning to its end offsets as of the start, with a plain consumer (no group,
 * no commits, read_committed): what is on the log now, independent of any consumer group's progress.
 */
public final class TopicScan {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicScan() {
    }

    /** The global position ({@code ce_position}) of every record on {@code topic} that carries one. */
    public static List<Long> positions(Map<String, Object> kafkaConfig, String topic) {
        List<Long> positions = new ArrayList<>();
        forEach(kafkaConfig, topic, record -> {
            Header position = record.headers().lastHeader(CloudEventHeaders.POSITION);
            if (position != null) {
                positions.add(Long.parseLong(new String(position.value(), StandardCharsets.UTF_8)));
            }
        });
        return positions;
    }

    /** Hands every record on {@code topic}, up to its end offsets, to {@code action}, one partition's in offset order. */
    public static void forEach(Map<String, Object> kafkaConfig, String topic,
                               Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    action.accept(record);
                }
            }
        }
    }
}
