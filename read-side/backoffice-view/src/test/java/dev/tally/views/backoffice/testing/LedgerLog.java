package dev.tally.views.backoffice.testing;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes ledger events to the topic the way the relay does (CloudEvents binary mode, key = stream id), numbering
 * stream versions per account and global positions densely from a given start. Keeps what it wrote, so a test can
 * deliver it again.
 */
public final class LedgerLog implements AutoCloseable {

    private static final EventTypes TYPES = EventTypes.ledger();

    private final String topic;
    private final Map<String, Object> config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Long> versions = new HashMap<>();
    private final List<EventEnvelope> written = new ArrayList<>();
    private long lastPosition;

    /** @param firstPosition the position of the first event written; every later one is the next number */
    public LedgerLog(Map<String, Object> kafkaConfig, String topic, long firstPosition) {
        this.config = new HashMap<>(kafkaConfig);
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.lastPosition = firstPosition - 1;
    }

    /** Appends the next event of the event's account at {@code time} (ISO instant); returns its envelope. */
    public EventEnvelope append(String time, LedgerEvent event) {
        String name = TYPES.nameOf(event);
        long version = versions.merge(event.accountId(), 1L, Long::sum);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), name, TYPES.currentVersion(name),
                event.accountId(), version, ++lastPosition, Instant.parse(time), "test-" + lastPosition, null, null,
                "backoffice-view-test", TYPES.serialize(event));
        send(envelope, null);
        written.add(envelope);
        return envelope;
    }

    /** Sends an envelope again, exactly as before (a redelivery). */
    public void resend(EventEnvelope envelope) {
        send(envelope, null);
    }

    /** Appends an event on an explicit partition (for markers that must follow everything sent to that partition). */
    public EventEnvelope appendOnPartition(int partition, String time, LedgerEvent event) {
        String name = TYPES.nameOf(event);
        long version = versions.merge(event.accountId(), 1L, Long::sum);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), name, TYPES.currentVersion(name),
                event.accountId(), version, ++lastPosition, Instant.parse(time), null, null, null, null,
                TYPES.serialize(event));
        send(envelope, partition);
        written.add(envelope);
        return envelope;
    }

    /**
     * Appends a record whose envelope is fine but whose data does not match its type (a poison event): the runtime
     * dead-letters it and it still takes its stream version.
     */
    public EventEnvelope appendBroken(String accountId, String type, String time) {
        long version = versions.merge(accountId, 1L, Long::sum);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, TYPES.currentVersion(type), accountId,
                version, ++lastPosition, Instant.parse(time), null, null, null, null,
                "{\"accountId\": 42}".getBytes(StandardCharsets.UTF_8));
        send(envelope, null);
        written.add(envelope);
        return envelope;
    }

    /** Creates the topic with this many partitions unless it exists, so the view sees streams on several. */
    public LedgerLog ensureTopic(int partitions) {
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public int partitions() {
        return producer.partitionsFor(topic).size();
    }

    public List<EventEnvelope> written() {
        return List.copyOf(written);
    }

    public long lastPosition() {
        return lastPosition;
    }

    private void send(EventEnvelope envelope, Integer partition) {
        RecordHeaders headers = new RecordHeaders();
        LedgerCloudEvents.CODEC.toHeaders(envelope).forEach(headers::add);
        try {
            producer.send(new ProducerRecord<>(topic, partition, EnvelopeCodec.key(envelope),
                    EnvelopeCodec.value(envelope), headers)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write " + envelope, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
