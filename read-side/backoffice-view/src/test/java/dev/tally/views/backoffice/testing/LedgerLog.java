package dev.tally.views.backoffice.testing;

import dev.tally.engines.log.EnvelopeWriter;
import dev.tally.engines.log.LedgerEnvelopes;
import dev.tally.engines.log.LogSequence;
import dev.tally.engines.log.Slot;
import dev.tally.engines.log.Topics;
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
import org.apache.kafka.clients.admin.NewTopic;

/**
 * This view's tests' log on the shared writer ({@link EnvelopeWriter}, {@link LogSequence}); kept for what only
 * these tests want: events at given times, on a given partition or with data that does not match their type, and
 * what was written, so a test can deliver it again.
 */
public final class LedgerLog implements AutoCloseable {

    private final String topic;
    private final Map<String, Object> config;
    private final EnvelopeWriter writer;
    private final LogSequence sequence;
    private final List<EventEnvelope> written = new ArrayList<>();

    /** @param firstPosition the position of the first event written; every later one is the next number */
    public LedgerLog(Map<String, Object> kafkaConfig, String topic, long firstPosition) {
        this.config = new HashMap<>(kafkaConfig);
        this.writer = new EnvelopeWriter(kafkaConfig, topic);
        this.topic = topic;
        this.sequence = new LogSequence(firstPosition - 1);
    }

    /** Appends the next event of the event's account at {@code time} (ISO instant); returns its envelope. */
    public EventEnvelope append(String time, LedgerEvent event) {
        Slot slot = sequence.next(event.accountId());
        return written(writer.send(LedgerEnvelopes.of(event, slot, Instant.parse(time), "test-" + slot.position(),
                null, "backoffice-view-test")));
    }

    /** Sends an envelope again, exactly as before (a redelivery). */
    public void resend(EventEnvelope envelope) {
        writer.send(envelope);
    }

    /** Appends an event on an explicit partition (for markers that must follow everything sent to that partition). */
    public EventEnvelope appendOnPartition(int partition, String time, LedgerEvent event) {
        Slot slot = sequence.next(event.accountId());
        return written(writer.sendOnPartition(partition,
                LedgerEnvelopes.of(event, slot, Instant.parse(time), null, null, null)));
    }

    /**
     * Appends a record whose envelope is fine but whose data does not match its type (a poison event): the runtime
     * dead-letters it and it still takes its stream version.
     */
    public EventEnvelope appendBroken(String accountId, String type, String time) {
        Slot slot = sequence.next(accountId);
        return written(writer.send(new EventEnvelope(UUID.randomUUID(), type,
                EventTypes.ledger().currentVersion(type), accountId, slot.version(), slot.position(),
                Instant.parse(time), null, null, null, null, "{\"accountId\": 42}".getBytes(StandardCharsets.UTF_8))));
    }

    /** Creates the topic with this many partitions unless it exists, so the view sees streams on several. */
    public LedgerLog ensureTopic(int partitions) {
        Topics.ensure(config, new NewTopic(topic, Optional.of(partitions), Optional.empty()));
        return this;
    }

    public int partitions() {
        return writer.partitions();
    }

    public List<EventEnvelope> written() {
        return List.copyOf(written);
    }

    public long lastPosition() {
        return sequence.lastPosition();
    }

    private EventEnvelope written(EventEnvelope envelope) {
        written.add(envelope);
        return envelope;
    }

    @Override
    public void close() {
        writer.close();
    }
}
