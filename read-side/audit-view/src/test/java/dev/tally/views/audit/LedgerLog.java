package dev.tally.views.audit;

import dev.tally.engines.log.EnvelopeWriter;
import dev.tally.engines.log.LedgerEnvelopes;
import dev.tally.engines.log.LogSequence;
import dev.tally.engines.log.TopicScan;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This view's tests' log on the shared writer ({@link EnvelopeWriter}, {@link LogSequence}); kept for what only
 * these tests want: positions continuing after whatever the topic already holds, envelopes built first and sent
 * later in any order, and what was written, so a test can deliver it again.
 */
final class LedgerLog implements AutoCloseable {

    private final EnvelopeWriter writer;
    private final LogSequence sequence;
    private final List<EventEnvelope> written = new ArrayList<>();
    private final int partitions;

    LedgerLog(Map<String, Object> kafkaConfig, String topic) {
        this.writer = new EnvelopeWriter(kafkaConfig, topic);
        this.sequence = new LogSequence(TopicScan.positions(kafkaConfig, topic).stream()
                .mapToLong(Long::longValue).max().orElse(0));
        this.partitions = writer.partitions();
    }

    /** How many partitions the topic has (the default partitioner spreads keys over them by murmur2 hash). */
    int partitions() {
        return partitions;
    }

    /** The highest position any record on the topic carries (0 for an empty topic). */
    long lastPosition() {
        return sequence.lastPosition();
    }

    /** An envelope for the next position and the next version of the event's account; not sent yet. */
    EventEnvelope next(LedgerEvent event, Instant time) {
        var slot = sequence.next(event.accountId());
        return LedgerEnvelopes.of(event, slot, time, "corr-" + slot.position(), "cause-" + slot.position(),
                "auditor-test");
    }

    /** Sends envelopes in the given order and waits until the broker has them. */
    void send(List<EventEnvelope> envelopes) {
        writer.sendAll(envelopes);
        written.addAll(envelopes);
    }

    /** Every envelope sent so far, in sending order. */
    List<EventEnvelope> written() {
        return List.copyOf(written);
    }

    @Override
    public void close() {
        writer.close();
    }
}
