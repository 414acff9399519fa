package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Folds one poll batch into one generation: parse and decode (this thread), read the stored versions of the batch's
 * streams, plan ({@link BatchPlanner}), dead-letter the poison records (waiting for acks), then one transaction
 * ({@link ProjectionStore#commitBatch}). Blocking by design: it runs on a consumer's own thread, never on the event
 * loop, and waits for each step with a timeout.
 */
public final class BatchFolder<E> {

    private static final Logger LOG = Logger.getLogger(BatchFolder.class);

    private final Projection<E> projection;
    private final ProjectionStore store;
    private final DeadLetters deadLetters;
    private final Duration timeout;

    public BatchFolder(Projection<E> projection, ProjectionStore store, DeadLetters deadLetters, Duration timeout) {
        this.projection = projection;
        this.store = store;
        this.deadLetters = deadLetters;
        this.timeout = timeout;
    }

    public Projection<E> projection() {
        return projection;
    }

    /** A committed batch: its plan and the generation's frontier after it. */
    public record Folded<E>(BatchPlan<E> plan, long frontier) {
    }

    public Folded<E> fold(Generation generation, String expectedStatus, ConsumerRecords<byte[], byte[]> records) {
        long t0 = System.nanoTime();
        List<Incoming<E>> incoming = new ArrayList<>(records.count());
        Set<String> streams = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Incoming<E> in = Incoming.parse(record, projection);
            incoming.add(in);
            if (in.envelope() != null) {
                streams.add(in.envelope().streamId());
            }
        }
        long t1 = System.nanoTime();
        Map<String, Long> stored = store.streamVersions(generation, streams).await().atMost(timeout);
        long t2 = System.nanoTime();
        BatchPlan<E> plan = BatchPlanner.plan(incoming, stored);
        deadLetters.send(plan.deadLetters(), generation.n(), timeout);
        long t3 = System.nanoTime();
        long frontier = store.commitBatch(generation, expectedStatus, plan, projection).await().atMost(timeout);
        long t4 = System.nanoTime();
        if (LOG.isDebugEnabled()) {
            LOG.debugf("generation %d: %d records, %d applied; decode %d us, versions %d us, plan+dlq %d us, commit %d us",
                    generation.n(), records.count(), plan.toApply().size(), (t1 - t0) / 1000, (t2 - t1) / 1000,
                    (t3 - t2) / 1000, (t4 - t3) / 1000);
        }
        for (BatchPlan.Gap gap : plan.gaps()) {
            LOG.errorf("VERSION GAP in generation %d: stream %s expected version %d but partition %d offset %d "
                            + "(position %d) has version %d; the partition stops there and nothing after it is folded",
                    generation.n(), gap.streamId(), gap.expected(), gap.partition(), gap.offset(), gap.position(),
                    gap.got());
        }
        return new Folded<>(plan, frontier);
    }
}
