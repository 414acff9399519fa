package dev.tally.views.accounts;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes ledger events to the topic as the write side's relay does: CloudEvents binary mode, keyed by account, with
 * stream versions counted per account and dense global positions. One instance per JVM, since positions must be
 * unique across the whole topic.
 */
public final class LedgerLog implements AutoCloseable {

    /** Event times: the event at position p happened at {@code EPOCH + p seconds}, so tests can predict them. */
    public static final Instant EPOCH = Instant.parse("2026-02-01T00:00:00Z");

    private static LedgerLog instance;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Map<String, Long> versions = new HashMap<>();
    private long position;

    private LedgerLog(String bootstrapServers, String topic, long lastPosition) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.position = lastPosition;
    }

    /** The shared log; positions continue after {@code lastPosition} (the view's frontier) on first use. */
    public static synchronized LedgerLog shared(String bootstrapServers, String topic, long lastPosition) {
        if (instance == null) {
            instance = new LedgerLog(bootstrapServers, topic, lastPosition);
        }
        return instance;
    }

    /** Appends the next event of the event's account stream at the next global position; returns its envelope. */
    public synchronized EventEnvelope append(LedgerEvent event) {
        long version = versions.merge(event.accountId(), 1L, Long::sum);
        position++;
        EventTypes types = EventTypes.ledger();
        String name = types.nameOf(event);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), name, types.currentVersion(name),
                event.accountId(), version, position, EPOCH.plusSeconds(position), "corr-" + position, null, null,
                "test", types.serialize(event));
        send(envelope);
        return envelope;
    }

    /** Sends envelopes again, exactly as they were: what a redelivery looks like to the view. */
    public synchronized void resend(List<EventEnvelope> envelopes) {
        envelopes.forEach(this::send);
    }

    public synchronized long lastPosition() {
        return position;
    }

    private void send(EventEnvelope envelope) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, EnvelopeCodec.key(envelope),
                EnvelopeCodec.value(envelope));
        LedgerCloudEvents.CODEC.toHeaders(envelope).forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
