package dev.tally.projection;

import dev.tally.events.AccountOpened;
import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test helper that writes the log the way the write side's relay does: CloudEvents binary records keyed by stream
 * id, with gap-free stream versions and dense global positions. Positions and versions are counted per topic in
 * this JVM (the test engines are fresh per run), so every test class sharing a topic keeps them dense.
 */
public final class LogWriter implements AutoCloseable {

    private static final Map<String, AtomicLong> POSITIONS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Long>> VERSIONS = new ConcurrentHashMap<>();

    private final String topic;
    private final Map<String, Object> kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventTypes types = EventTypes.ledger();

    public LogWriter(Map<String, Object> kafkaConfig, String topic) {
        this.topic = topic;
        this.kafka = new HashMap<>(kafkaConfig);
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the topic with {@code partitions} partitions unless it exists. */
    public LogWriter ensureTopic(int partitions) {
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // Keys map to partitions by the partition count the producer knows: right after creation its metadata may
        // list fewer partitions, which would send one stream's events to two partitions (a version gap for readers).
        long deadline = System.nanoTime() + 30_000_000_000L;
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

    /** Takes the next position without an event (for a poison record that still carries a valid position). */
    public long nextPosition() {
        return POSITIONS.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    /** The last position handed out on this topic (0 if none). */
    public long lastPosition() {
        return POSITIONS.computeIfAbsent(topic, t -> new AtomicLong()).get();
    }

    /** The next event of {@code stream} (next version, next position), not yet sent. */
    public EventEnvelope next(String stream, LedgerEvent event) {
        return next(stream, types.nameOf(event), types.currentVersion(types.nameOf(event)), types.serialize(event));
    }

    /** The next event of {@code stream} with any type and raw data (for unknown types and poison). */
    public synchronized EventEnvelope next(String stream, String type, int schemaVersion, byte[] data) {
        long position = POSITIONS.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
        long version = VERSIONS.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).merge(stream, 1L, Long::sum);
        return new EventEnvelope(UUID.randomUUID(), type, schemaVersion, stream, version, position, Instant.now(),
                "test-" + position, null, null, "test", data);
    }

    public EventEnvelope open(String stream) {
        return send(next(stream, new AccountOpened(stream, "owner-" + stream, "EUR", 0)));
    }

    public EventEnvelope deposit(String stream, long amount) {
        return send(next(stream, new MoneyDeposited(stream, amount, "EUR", "test")));
    }

    public EventEnvelope withdraw(String stream, long amount) {
        return send(next(stream, new MoneyWithdrawn(stream, amount, "EUR", "test")));
    }

    /** Sends one event and waits for the broker's acknowledgement. */
    public EventEnvelope send(EventEnvelope envelope) {
        sendAll(List.of(envelope));
        return envelope;
    }

    /** Sends events (e.g. again: a redelivery) and waits for all acknowledgements. */
    public void sendAll(List<EventEnvelope> envelopes) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (EventEnvelope e : envelopes) {
            RecordHeaders headers = new RecordHeaders();
            LedgerCloudEvents.CODEC.toHeaders(e).forEach(headers::add);
            acks.add(producer.send(new ProducerRecord<>(topic, null, EnvelopeCodec.key(e), EnvelopeCodec.value(e), headers)));
        }
        await(acks);
    }

    /** Sends a record with arbitrary key, headers and value (poison). */
    public RecordMetadata sendRaw(String key, Map<String, byte[]> headers, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach(h::add);
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> acks = List.of(producer.send(new ProducerRecord<>(topic, null, k, value, h)));
        await(acks);
        try {
            return acks.get(0).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code streams} accounts and makes {@code depositsEach} deposits on each, in batches. */
    public List<EventEnvelope> workload(String prefix, int streams, int depositsEach) {
        List<EventEnvelope> all = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            all.add(next(prefix + s, new AccountOpened(prefix + s, "owner", "EUR", 0)));
        }
        for (int d = 0; d < depositsEach; d++) {
            for (int s = 0; s < streams; s++) {
                all.add(next(prefix + s, new MoneyDeposited(prefix + s, d + 1, "EUR", "w")));
            }
        }
        for (int i = 0; i < all.size(); i += 5000) {
            sendAll(all.subList(i, Math.min(all.size(), i + 5000)));
        }
        return all;
    }

    private static void await(List<Future<RecordMetadata>> acks) {
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("not acknowledged", e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
