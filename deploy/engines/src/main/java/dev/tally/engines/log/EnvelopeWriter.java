package dev.tally.engines.log;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.envelope.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes envelopes to one topic exactly as the write side's relay publishes them: CloudEvents binary mode through
 * {@link EnvelopeCodec} (key = stream id, value = the event's JSON, {@code ce_*} headers), the default partitioner
 * on the key, an idempotent producer with {@code acks=all}. Every send but {@link #stream} waits for the broker's
 * acknowledgement, so what a test wrote is on the topic when the call returns.
 */
public final class EnvelopeWriter implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    /** @param kafkaConfig at least {@code bootstrap.servers}; the relay's producer settings are added to it */
    public EnvelopeWriter(Map<String, Object> kafkaConfig, String topic) {
        this(kafkaConfig, topic, Map.of());
    }

    /** @param producerSettings added last, e.g. batching for a benchmark (the relay's acks and idempotence stay) */
    public EnvelopeWriter(Map<String, Object> kafkaConfig, String topic, Map<String, Object> producerSettings) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(producerSettings);
        this.topic = topic;
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The record the relay would publish for {@code envelope}; {@code partition} null for the key's partition. */
    public static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, EventEnvelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        LedgerCloudEvents.CODEC.toHeaders(envelope).forEach(headers::add);
        return new ProducerRecord<>(topic, partition, EnvelopeCodec.key(envelope), EnvelopeCodec.value(envelope),
                headers);
    }

    public String topic() {
        return topic;
    }

    /** Sends one envelope and waits until the broker has it. */
    public EventEnvelope send(EventEnvelope envelope) {
        await(List.of(producer.send(record(topic, null, envelope))));
        return envelope;
    }

    /** Sends one envelope to an explicit partition (a marker that must follow what that partition holds). */
    public EventEnvelope sendOnPartition(int partition, EventEnvelope envelope) {
        await(List.of(producer.send(record(topic, partition, envelope))));
        return envelope;
    }

    /** Sends envelopes in the given order (again, for a redelivery) and waits until the broker has all of them. */
    public void sendAll(List<EventEnvelope> envelopes) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(envelopes.size());
        for (EventEnvelope envelope : envelopes) {
            acks.add(producer.send(record(topic, null, envelope)));
        }
        producer.flush();
        await(acks);
    }

    /** Sends a record with any key, headers and value (poison) and waits for it. */
    public RecordMetadata sendRaw(String key, Map<String, byte[]> headers, byte[] value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach(recordHeaders::add);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, null, keyBytes, value, recordHeaders));
        await(List.of(ack));
        try {
            return ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("not acknowledged", e.getCause());
        }
    }

    /**
     * Sends every envelope without waiting for each (the producer batches), then waits for all; fails on the first
     * error the broker reports. For writing a large log fast. Returns the number sent.
     */
    public long stream(Iterator<EventEnvelope> envelopes) {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        while (envelopes.hasNext()) {
            throwIfFailed(failure);
            producer.send(record(topic, null, envelopes.next()), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    acked.incrementAndGet();
                }
            });
            sent++;
        }
        producer.flush();
        throwIfFailed(failure);
        if (acked.get() != sent) {
            throw new IllegalStateException("sent " + sent + " records, " + acked.get() + " acknowledged");
        }
        return sent;
    }

    /** How many partitions the producer knows the topic to have. */
    public int partitions() {
        return producer.partitionsFor(topic).size();
    }

    /**
     * Waits until the producer knows {@code partitions} partitions with leaders. Keys map to partitions by the count
     * the producer knows: right after creation its metadata may list fewer, which would send one stream's events to
     * two partitions (a version gap for readers).
     */
    public EnvelopeWriter awaitPartitions(int partitions) {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        while (producer.partitionsFor(topic).stream().filter(p -> p.leader() != null).count() < partitions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has not got " + partitions + " partitions with leaders");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    private static void await(List<Future<RecordMetadata>> acks) {
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("not acknowledged", e);
            }
        }
    }

    private static void throwIfFailed(AtomicReference<Exception> failure) {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the broker refused a record", e);
        }
    }

    @Override
    public void close() {
        producer.close(ACK_TIMEOUT);
    }
}
