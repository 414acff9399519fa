package dev.tally.projection.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one polling loop of the runtime's consumers (the live member of the view's group and a rebuild's own
 * consumer), on a thread of its own. The consumer-specific parts are a {@link Handler}; the rules are these:
 * <ul>
 *   <li>The handler opens the consumer (subscribed or assigned); while it cannot yet (no topic, no partitions) the
 *       loop asks again every 500 ms.</li>
 *   <li>Each round: {@link Handler#beforePoll()} (e.g. seek partitions to their checkpoints; a failure there is
 *       reported with back-off, but the loop polls anyway so that a group member keeps its membership), one poll
 *       (live, the broker holds a fetch for up to {@code live-linger}: {@link KafkaSettings}), and the batch folded into
 *       the handler's generation in one transaction ({@link BatchFolder}) before the next round, so no work is in
 *       flight when partitions move. Offsets are never committed to Kafka: they live in
 *       PostgreSQL with the view's rows.</li>
 *   <li>A batch that fails is read again from the checkpoints, and so is every other assigned partition (the database
 *       may have lost their last batches too): they go to {@link Handler#reposition}.
 *       A stale batch (another writer committed those offsets) is only that; a generation that changed state goes
 *       to {@link Handler#generationChanged}; any other failure backs off, from {@code retry-backoff-min} doubling
 *       to {@code retry-backoff-max}, reported through {@link Handler#failing}.</li>
 *   <li>While catching up, partitions that ran more than {@code max-batch} positions ahead of the frontier are paused
 *       until it comes near ({@link Leveller}), so that few positions wait as pending.</li>
 *   <li>A record after a version gap is never folded: its partition is paused and sought back to it, and stays
 *       paused until the handler clears the gap ({@link #clearGap}).</li>
 *   <li>A committed batch, or an empty poll while {@link Handler#settled()}, means the loop works again: the
 *       back-off starts over and {@link Handler#recovered()} is told.</li>
 *   <li>{@link #stop(Duration)} lets the batch in hand finish, wakes a blocked poll, and closes the consumer.</li>
 * </ul>
 */
final class PollLoop<E> implements Runnable {

    private static final Logger LOG = Logger.getLogger(PollLoop.class);
    private static final Duration OPEN_RETRY = Duration.ofMillis(500);

    /** What a consumer adds to the loop: its consumer, its generation, and what it does around each batch. */
    interface Handler<E> {

        /** Who is folding, for log lines: "view v" or "view v: rebuild of generation n". */
        String describe();

        /** The consumer, subscribed or assigned and positioned; null while that is not possible yet. */
        KafkaConsumer<byte[], byte[]> open();

        /** The generation batches are folded into, and the state it must be in. */
        Generation target();

        GenerationStatus expected();

        /** Before each poll. */
        default void beforePoll() {
        }

        /** After each poll, empty or not (lag figures). */
        default void polled() {
        }

        /** A batch committed ({@code records} records in {@code seconds}). */
        void committed(BatchFolder.Folded<E> folded, int records, double seconds);

        /** A partition stopped at a version gap (already paused and sought back to the gapped record). */
        default void gapped(BatchPlan.Gap gap) {
        }

        /** Read these partitions again from the generation's checkpoints (or the beginning); {@link #unlevel} first. */
        void reposition(Collection<TopicPartition> partitions);

        /** Whether nothing waits for repair, so that an empty poll counts as working. */
        default boolean settled() {
            return true;
        }

        /** After a round without failure; {@code emptyPoll} if it folded nothing. */
        default void roundEnded(boolean emptyPoll) {
        }

        /** The target generation is no longer in the expected state. */
        void generationChanged(GenerationChangedException e);

        /** A failure; the loop backs off next. */
        void failing(RuntimeException e);

        /** After the back-off of a failure, before the next round. */
        default void retrying() {
        }

        void recovered();

        /** After every turn of the loop, failed or not. */
        default void turnEnded() {
        }

        /** The consumer is closed and the loop ends. */
        default void closed() {
        }
    }

    private final ProjectionConfig config;
    private final BatchFolder<E> folder;
    private final Handler<E> handler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<TopicPartition> gapped = new HashSet<>();
    private final Leveller leveller;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Duration backoff;
    /** Class (and cause's class) of the last failure since the loop last worked; null while it works. */
    private String lastFailureKind;

    PollLoop(ProjectionConfig config, BatchFolder<E> folder, Handler<E> handler) {
        this.config = config;
        this.folder = folder;
        this.handler = handler;
        this.backoff = config.retryBackoffMin();
        this.leveller = new Leveller(config.levelPartitions() ? config.maxBatch() : 0);
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    turn();
                } catch (WakeupException e) {
                    // stop() or the handler's wakeup(): the loop checks running, the handler its own flags
                } catch (RuntimeException e) {
                    failed(e);
                }
                handler.turnEnded();
            }
        } finally {
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                try {
                    c.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debugf("closing the consumer: %s", e);
                }
            }
            handler.closed();
            stopped.countDown();
        }
    }

    private void turn() {
        if (consumer == null) {
            consumer = handler.open();
            if (consumer == null) {
                sleep(OPEN_RETRY);
            }
            return;
        }
        try {
            handler.beforePoll();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            failed(e);
        }
        boolean empty = pollOnce();
        handler.roundEnded(empty);
        if (!empty || handler.settled()) {
            recovered();
        }
    }

    /**
     * Polls once and folds what came, following the loop's rules for stale batches, changed generations and gaps;
     * any other failure is thrown (after the batch's partitions were handed back for repositioning). For the
     * handler too, e.g. to fold while it holds a lock. Returns true if the poll brought nothing.
     */
    boolean pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
        handler.polled();
        if (records.isEmpty()) {
            leveller.release(consumer); // whatever it held back may be all there is to read
            return true;
        }
        long started = System.nanoTime();
        BatchFolder.Folded<E> folded;
        try {
            folded = folder.fold(handler.target(), handler.expected(), records);
        } catch (StaleBatchException e) {
            LOG.warnf("%s: %s; re-reading checkpoints", handler.describe(), e.getMessage());
            handler.reposition(records.partitions());
            return false;
        } catch (GenerationChangedException e) {
            LOG.infof("%s: %s", handler.describe(), e.getMessage());
            handler.generationChanged(e);
            return false;
        } catch (RuntimeException e) {
            // Nothing of the batch is committed, and the database may have lost earlier batches too (an asynchronous
            // commit in a crash or a fail-over, LostProgressException): every partition is read again from PostgreSQL.
            handler.reposition(consumer.assignment());
            throw e;
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        if (gapped.isEmpty() && folded.plan().gaps().isEmpty()) {
            leveller.committed(consumer, config.topic(), folded.plan(), folded.frontier());
        } else {
            leveller.release(consumer); // the frontier waits at a gap: levelling would only slow the other partitions
        }
        for (BatchPlan.Gap gap : folded.plan().gaps()) {
            TopicPartition tp = new TopicPartition(config.topic(), gap.partition());
            consumer.pause(List.of(tp));
            consumer.seek(tp, gap.offset());
            gapped.add(tp);
            handler.gapped(gap);
        }
        handler.committed(folded, records.count(), seconds);
        return false;
    }

    private void recovered() {
        lastFailureKind = null;
        handler.recovered();
        backoff = config.retryBackoffMin();
    }

    private void failed(RuntimeException e) {
        if (!running) {
            return;
        }
        handler.failing(e);
        // The stack trace once per kind of failure: a database outage repeats the same one at every back-off.
        String kind = e.getClass().getName() + ": " + (e.getCause() == null ? "" : e.getCause().getClass().getName());
        if (kind.equals(lastFailureKind)) {
            LOG.errorf("%s: folding failed, retrying in %d ms: %s", handler.describe(), backoff.toMillis(), e.toString());
        } else {
            LOG.errorf(e, "%s: folding failed, retrying in %d ms", handler.describe(), backoff.toMillis());
        }
        lastFailureKind = kind;
        sleep(backoff);
        backoff = Pause.doubled(backoff, config.retryBackoffMax());
        handler.retrying();
    }

    /** The open consumer, or null before {@link Handler#open()} returned one. Only on the loop's thread. */
    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /**
     * For the handler, before it pauses or seeks partitions (every reposition): resumes those held back for levelling,
     * which starts over.
     */
    void unlevel() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            leveller.release(c);
        }
    }

    /** Partitions a rebalance took away. */
    void revoked(Collection<TopicPartition> partitions) {
        leveller.revoked(partitions);
    }

    boolean isGapped(TopicPartition tp) {
        return gapped.contains(tp);
    }

    boolean hasGaps() {
        return !gapped.isEmpty();
    }

    /** The partition may deliver again once repositioned (it moved to another member, or the generation changed). */
    void clearGap(TopicPartition tp) {
        gapped.remove(tp);
    }

    void clearGaps() {
        gapped.clear();
    }

    boolean isRunning() {
        return running;
    }

    /** Sleeps up to {@code duration} on the loop's thread, waking early when the loop stops. */
    void sleep(Duration duration) {
        Pause.whileRunning(() -> running, duration);
    }

    /** Ends the loop after the current turn (from the loop's own thread: its work is done). */
    void finish() {
        running = false;
    }

    /** Interrupts a blocked poll, e.g. so the handler sees a new target. */
    void wakeup() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Finishes the batch in hand, then closes the consumer; waits up to {@code timeout}. */
    void stop(Duration timeout) {
        running = false;
        wakeup();
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("%s: consumer did not stop within %s", handler.describe(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isDone() {
        return stopped.getCount() == 0;
    }
}
