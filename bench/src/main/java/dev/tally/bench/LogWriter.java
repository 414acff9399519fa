package dev.tally.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerCloudEvents;

/**
 * Writes a {@link LedgerLog} to the ledger topic exactly as the write side's relay would publish it: CloudEvents
 * binary mode through {@link EnvelopeCodec} (key = stream id, value = event JSON, {@code ce_*} headers), the default
 * partitioner on the key, an idempotent producer with {@code acks=all} and no compression (the relay sets none),
 * but batched ({@code linger.ms=20}, 256 KiB batches) because here throughput matters, not latency.
 */
final class LogWriter {

    static final String TOPIC = "tally.ledger.events";
    static final int PARTITIONS = 6;

    private LogWriter() {
    }

    /** The topic as the relay creates it: 6 partitions, replication 1, unlimited retention. */
    static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Sends every event of {@code log} and waits for all acknowledgements; returns the number sent. */
    static long write(String bootstrap, LedgerLog log) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-read-bench-log-writer");
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (log.hasNext()) {
                if (failure.get() != null) {
                    throw failure.get();
                }
                EventEnvelope envelope = log.next();
                List<Header> headers = new ArrayList<>(16);
                LedgerCloudEvents.CODEC.toHeaders(envelope).forEach((name, value) -> headers.add(new RecordHeader(name, value)));
                producer.send(new ProducerRecord<>(TOPIC, null, EnvelopeCodec.key(envelope),
                        EnvelopeCodec.value(envelope), headers), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
                sent++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (acked.get() != sent) {
            throw new IllegalStateException("sent " + sent + " records, " + acked.get() + " acknowledged");
        }
        return sent;
    }
}
