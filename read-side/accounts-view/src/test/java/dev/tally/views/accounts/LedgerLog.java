package dev.tally.views.accounts;

import dev.tally.engines.log.EnvelopeWriter;
import dev.tally.engines.log.LedgerEnvelopes;
import dev.tally.engines.log.LogSequence;
import dev.tally.engines.log.Slot;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * This view's tests' log on the shared writer ({@link EnvelopeWriter}, {@link LogSequence}); kept for what only
 * these tests want: one instance per JVM (positions unique across the whole topic) and predictable event times.
 */
public final class LedgerLog implements AutoCloseable {

    /** Event times: the event at position p happened at {@code EPOCH + p seconds}, so tests can predict them. */
    public static final Instant EPOCH = Instant.parse("2026-02-01T00:00:00Z");

    private static LedgerLog instance;

    private final EnvelopeWriter writer;
    private final LogSequence sequence;

    private LedgerLog(String bootstrapServers, String topic, long lastPosition) {
        this.writer = new EnvelopeWriter(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
        this.sequence = new LogSequence(lastPosition);
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
        Slot slot = sequence.next(event.accountId());
        return writer.send(LedgerEnvelopes.of(event, slot, EPOCH.plusSeconds(slot.position()),
                "corr-" + slot.position(), null, "test"));
    }

    /** Sends envelopes again, exactly as they were: what a redelivery looks like to the view. */
    public synchronized void resend(List<EventEnvelope> envelopes) {
        envelopes.forEach(writer::send);
    }

    public long lastPosition() {
        return sequence.lastPosition();
    }

    @Override
    public void close() {
        writer.close();
    }
}
