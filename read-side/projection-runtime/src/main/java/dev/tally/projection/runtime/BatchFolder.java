package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * ({@link BatchTransaction#commit}). Blocking by design: it runs on a consumer's own thread, never on the event
 * loop, and waits for each step with a timeout.
 */
public final class BatchFolder<E> {

    private static final Logger LOG = Logger.getLogger(BatchFolder.class);

    private final Projection<E> projection;
    private final StreamVersions streamVersions;
    private final BatchTransaction transaction;
    private final DeadLetters deadLetters;
    private final Duration timeout;
    private final int cacheLimit;
    private final ProjectionSpans spans;
    /**
     * Stream versions this consumer knows to be stored (it wrote them or read them), so a batch only asks PostgreSQL
     * about streams it has not seen. Valid only while this consumer alone writes the generation's streams of its
     * partitions: the consumer calls {@link #forget()} whenever partitions move, a batch fails or turns out stale.
     */
    private final Map<String, Long> known = new HashMap<>();
    /**
     * Each partition's checkpoint as this consumer last committed it, since it was last positioned: a stored one found
     * behind it means committed batches were lost ({@link LostProgressException}).
     */
    private final Map<Integer, Long> committed = new HashMap<>();
    private int knownGeneration = -1;
    /** The generation started empty and only this consumer has written it: unseen streams are at version 0. */
    private boolean complete;

    public BatchFolder(Projection<E> projection, StreamVersions streamVersions, BatchTransaction transaction,
                       DeadLetters deadLetters, Duration timeout, int cacheLimit, ProjectionSpans spans) {
        this.projection = projection;
        this.streamVersions = streamVersions;
        this.transaction = transaction;
        this.deadLetters = deadLetters;
        this.timeout = timeout;
        this.cacheLimit = cacheLimit;
        this.spans = spans;
    }

    /** Drops what this consumer knows about stored stream versions; the next batch reads them again. */
    public void forget() {
        known.clear();
        committed.clear();
        complete = false;
    }

    /** Declares that {@code generation} has no stream versions but those this consumer will write (a fresh rebuild). */
    public void startsEmpty(Generation generation) {
        forget();
        knownGeneration = generation.n();
        complete = true;
    }

    public Projection<E> projection() {
        return projection;
    }

    /** A committed batch: its plan and the generation's frontier after it. */
    public record Folded<E>(BatchPlan<E> plan, long frontier) {
    }

    public Folded<E> fold(Generation generation, GenerationStatus expected, ConsumerRecords<byte[], byte[]> records) {
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
        Span span = spans.applying(generation.n(), incoming);
        try {
            Folded<E> folded = fold(generation, expected, records, incoming, streams, t0, t1);
            ProjectionSpans.applied(span, folded.plan().toApply().size(), folded.frontier(), null);
            return folded;
        } catch (RuntimeException e) {
            ProjectionSpans.applied(span, 0, -1, e);
            throw e;
        }
    }

    private Folded<E> fold(Generation generation, GenerationStatus expected, ConsumerRecords<byte[], byte[]> records,
                           List<Incoming<E>> incoming, Set<String> streams, long t0, long t1) {
        if (generation.n() != knownGeneration) {
            forget();
            knownGeneration = generation.n();
        }
        Map<String, Long> stored = new HashMap<>();
        Set<String> unknown = new HashSet<>();
        for (String stream : streams) {
            Long version = known.get(stream);
            if (version != null) {
                stored.put(stream, version);
            } else if (complete) {
                stored.put(stream, 0L);
            } else {
                unknown.add(stream);
            }
        }
        if (!unknown.isEmpty()) {
            stored.putAll(streamVersions.of(generation, unknown).await().atMost(timeout));
        }
        long t2 = System.nanoTime();
        BatchPlan<E> plan = BatchPlanner.plan(incoming, stored);
        long frontier;
        try {
            deadLetters.send(plan.deadLetters(), generation.n(), timeout);
            frontier = transaction.commit(generation, expected, plan, projection, Map.copyOf(committed))
                    .await().atMost(timeout);
        } catch (RuntimeException e) {
            forget(); // the commit may or may not have happened
            if (!plan.toApply().isEmpty()) {
                try {
                    projection.rolledBack(plan.toApply());
                } catch (RuntimeException callback) {
                    LOG.warnf(callback, "the projection's rolledBack() callback failed");
                }
            }
            throw e;
        }
        long t4 = System.nanoTime();
        plan.partitions().forEach((partition, step) -> committed.put(partition, step.nextOffset()));
        if (known.size() + streams.size() > cacheLimit) {
            known.clear();
            complete = false;
        } else {
            stored.forEach(known::put);
            known.putAll(plan.streamVersions());
        }
        if (LOG.isDebugEnabled()) {
            long firstTimestamp = records.iterator().next().timestamp();
            LOG.debugf("generation %d: %d records, %d applied, %d stream versions read; decode %d us, versions %d us, "
                            + "plan+dead letters+commit %d us; first record appended %d ms before the fold began",
                    generation.n(), records.count(), plan.toApply().size(), unknown.size(), (t1 - t0) / 1000,
                    (t2 - t1) / 1000, (t4 - t2) / 1000,
                    System.currentTimeMillis() - (t4 - t0) / 1_000_000 - firstTimestamp);
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
