package dev.tally.projection;

import dev.tally.engines.log.EnvelopeWriter;
import dev.tally.engines.log.LogSequence;
import dev.tally.engines.log.Slot;
import dev.tally.engines.log.Topics;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.AccountOpened;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

/**
 * The runtime's tests' view of the log, on the shared writer ({@link EnvelopeWriter}, {@link LogSequence}). Kept
 * apart from the views' helpers because these tests also write unknown types, raw poison and positions without an
 * event, and count positions per topic across instances: every test class sharing a topic keeps them dense (the test
 * engines are fresh per run).
 */
public final class LogWriter implements AutoCloseable {

    private static final Map<String, LogSequence> SEQUENCES = new ConcurrentHashMap<>();

    private final String topic;
    private final Map<String, Object> kafka;
    private final EnvelopeWriter writer;
    private final LogSequence sequence;
    private final EventTypes types = EventTypes.ledger();

    public LogWriter(Map<String, Object> kafkaConfig, String topic) {
        this.topic = topic;
        this.kafka = new HashMap<>(kafkaConfig);
        this.writer = new EnvelopeWriter(kafkaConfig, topic, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));
        this.sequence = SEQUENCES.computeIfAbsent(topic, t -> new LogSequence(0));
    }

    /** Creates the topic with {@code partitions} partitions unless it exists, and waits until the producer sees them. */
    public LogWriter ensureTopic(int partitions) {
        Topics.ensure(kafka, new NewTopic(topic, Optional.of(partitions), Optional.empty()));
        writer.awaitPartitions(partitions);
        return this;
    }

    /** The partition the producer's default partitioner sends {@code key} to (murmur2 of its UTF-8 bytes). */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The first {@code n} keys {@code prefix + i} that land in {@code partition}. */
    public static List<String> keysIn(int partition, int partitions, String prefix, int n) {
        List<String> found = new ArrayList<>();
        for (int i = 0; found.size() < n; i++) {
            if (partitionOf(prefix + i, partitions) == partition) {
                found.add(prefix + i);
            }
        }
        return found;
    }

    /** Takes the next position without an event (for a poison record that still carries a valid position). */
    public long nextPosition() {
        return sequence.skipPosition();
    }

    /** The last position handed out on this topic (0 if none). */
    public long lastPosition() {
        return sequence.lastPosition();
    }

    /** The next event of {@code stream} (next version, next position), not yet sent. */
    public EventEnvelope next(String stream, LedgerEvent event) {
        return next(stream, types.nameOf(event), types.currentVersion(types.nameOf(event)), types.serialize(event));
    }

    /** The next event of {@code stream} with any type and raw data (for unknown types and poison). */
    public EventEnvelope next(String stream, String type, int schemaVersion, byte[] data) {
        Slot slot = sequence.next(stream);
        return new EventEnvelope(UUID.randomUUID(), type, schemaVersion, stream, slot.version(), slot.position(),
                Instant.now(), "test-" + slot.position(), null, null, "test", data);
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
        return writer.send(envelope);
    }

    /** Sends events (e.g. again: a redelivery) and waits for all acknowledgements. */
    public void sendAll(List<EventEnvelope> envelopes) {
        writer.sendAll(envelopes);
    }

    /** Sends a record with arbitrary key, headers and value (poison). */
    public RecordMetadata sendRaw(String key, Map<String, byte[]> headers, byte[] value) {
        return writer.sendRaw(key, headers, value);
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

    @Override
    public void close() {
        writer.close();
    }
}
