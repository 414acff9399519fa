package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * The view's member of its consumer group, on its own thread. Each poll batch is folded into the ACTIVE generation
 * in one transaction before the next poll, so nothing is in flight when partitions are revoked; offsets are never
 * committed to Kafka: on assignment every partition is sought to the checkpoint PostgreSQL holds for the active
 * generation. A failing batch is retried from those checkpoints with back-off (status DOWN meanwhile).
 */
final class LiveConsumer<E> implements Runnable {

    private static final Logger LOG = Logger.getLogger(LiveConsumer.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ProjectionStore store;
    private final BatchFolder<E> folder;
    private final Projection<E> projection;
    private final Frontier frontier;
    private final ProjectionState state;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Partitions to (re)position from PostgreSQL before they may deliver records; paused meanwhile. */
    private final Set<TopicPartition> needSeek = new HashSet<>();
    private final Set<TopicPartition> gapped = new HashSet<>();
    private volatile boolean running = true;
    private volatile Generation target;
    private volatile Generation switchTo;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Admin admin;
    private List<TopicPartition> allPartitions = List.of();
    private long nextLagRefresh;
    private boolean reloadFrontier;
    private Duration backoff;

    LiveConsumer(ProjectionConfig config, Map<String, Object> kafkaConfig, ProjectionStore store, BatchFolder<E> folder,
                 Projection<E> projection, Frontier frontier, ProjectionState state, Generation active) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.store = store;
        this.folder = folder;
        this.projection = projection;
        this.frontier = frontier;
        this.state = state;
        this.target = active;
        this.backoff = config.retryBackoffMin();
    }

    Generation target() {
        return target;
    }

    /** After a rebuild's switch-over: fold into {@code generation} from its checkpoints. */
    void switchTo(Generation generation) {
        switchTo = generation;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    step();
                } catch (WakeupException e) {
                    // shutdown or a switch-over: the loop checks both
                } catch (GenerationChangedException e) {
                    LOG.infof("%s; reloading the active generation", e.getMessage());
                    reloadActive();
                } catch (StaleBatchException e) {
                    LOG.warnf("%s; re-reading checkpoints", e.getMessage());
                    e.partitions().forEach(p -> reposition(new TopicPartition(config.topic(), p)));
                } catch (RuntimeException e) {
                    failed(e);
                }
            }
        } finally {
            if (consumer != null) {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debugf("closing the consumer: %s", e);
                }
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
            stopped.countDown();
        }
    }

    private void step() {
        if (consumer == null) {
            subscribe();
            return;
        }
        Generation next = switchTo;
        if (next != null) {
            switchTo = null;
            if (next.n() != target.n()) {
                adopt(next);
            }
        }
        if (!needSeek.isEmpty()) {
            try {
                positionPartitions();
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                failed(e); // keep polling meanwhile (the partitions stay paused) so the group keeps this member
            }
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
        refreshLag(false);
        if (records.isEmpty()) {
            if (needSeek.isEmpty()) {
                recovered();
            }
            return;
        }
        long started = System.nanoTime();
        BatchFolder.Folded<E> folded;
        try {
            folded = folder.fold(target, ProjectionStore.ACTIVE, records);
        } catch (RuntimeException e) {
            // Nothing of the batch is committed: read it again from the checkpoints.
            for (TopicPartition tp : records.partitions()) {
                reposition(tp);
            }
            throw e;
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        state.batch(records.count(), records.count() / seconds);
        frontier.advanced(target.n(), folded.frontier());
        for (BatchPlan.Gap gap : folded.plan().gaps()) {
            TopicPartition tp = new TopicPartition(config.topic(), gap.partition());
            consumer.pause(List.of(tp));
            consumer.seek(tp, gap.offset());
            gapped.add(tp);
            state.gap(gap);
        }
        recovered();
        if (!folded.plan().toApply().isEmpty()) {
            try {
                projection.committed(folded.plan().toApply());
            } catch (RuntimeException e) {
                LOG.warnf(e, "the projection's committed() callback failed (the batch is committed)");
            }
        }
        refreshLag(true);
    }

    private void subscribe() {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                KafkaSettings.consumer(kafkaConfig, config, config.groupId(), config.view() + "-live"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> partitions = waitForTopic(c);
            if (partitions == null) {
                c.close(Duration.ZERO);
                return;
            }
            allPartitions = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.subscribe(List.of(config.topic()), new Rebalance());
            consumer = c;
            LOG.infof("view %s folds %s (%d partitions) into generation %d in group %s", config.view(),
                    config.topic(), allPartitions.size(), target.n(), config.groupId());
        } catch (RuntimeException e) {
            c.close(Duration.ZERO);
            throw e;
        }
    }

    /** The log is created by its writer; until it exists there is nothing to fold (and no group to join). */
    private List<PartitionInfo> waitForTopic(KafkaConsumer<byte[], byte[]> c) {
        long warnAt = System.nanoTime() + config.topicWaitWarning().toNanos();
        while (running) {
            List<PartitionInfo> partitions = c.listTopics(Duration.ofSeconds(10)).get(config.topic());
            if (partitions != null && !partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > warnAt) {
                LOG.warnf("topic %s does not exist yet; view %s waits for it", config.topic(), config.view());
                warnAt = System.nanoTime() + config.topicWaitWarning().toNanos();
            }
            state.started();
            sleep(Duration.ofMillis(500));
        }
        return null;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Positioned from PostgreSQL by the loop (outside poll), paused until then.
            LOG.infof("view %s assigned %s", config.view(), partitions);
            for (TopicPartition tp : partitions) {
                state.assigned(tp.partition(), true);
                reposition(tp);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            folder.forget();
            for (TopicPartition tp : partitions) {
                needSeek.remove(tp);
                gapped.remove(tp);
                state.assigned(tp.partition(), false);
                state.clearGap(tp.partition());
            }
        }
    }

    private void reposition(TopicPartition tp) {
        folder.forget();
        if (consumer.assignment().contains(tp)) {
            consumer.pause(List.of(tp));
            needSeek.add(tp);
        }
    }

    /** Seeks every partition waiting for it to the active generation's checkpoint (or the beginning) and resumes it. */
    private void positionPartitions() {
        Map<Integer, Long> checkpoints = store.checkpoints(target.n()).await().atMost(config.operationTimeout());
        List<TopicPartition> fromStart = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition tp : needSeek) {
            if (!consumer.assignment().contains(tp)) {
                continue;
            }
            Long offset = checkpoints.get(tp.partition());
            if (offset == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
            if (!gapped.contains(tp)) {
                resume.add(tp);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        consumer.resume(resume);
        needSeek.clear();
        if (reloadFrontier) {
            frontier.reset(target.n(), store.progress(target.n()).await().atMost(config.operationTimeout())
                    .map(ProjectionStore.Progress::frontier).orElse(0L));
            reloadFrontier = false;
        }
    }

    private void reloadActive() {
        Generation active = store.generationIn(ProjectionStore.ACTIVE).await().atMost(config.operationTimeout())
                .orElseThrow(() -> new IllegalStateException("no ACTIVE generation of view " + config.view()));
        adopt(active);
    }

    private void adopt(Generation generation) {
        LOG.infof("view %s now folds into generation %d (%s)", config.view(), generation.n(), generation.schema());
        target = generation;
        long f = store.progress(generation.n()).await().atMost(config.operationTimeout())
                .map(ProjectionStore.Progress::frontier).orElse(0L);
        frontier.activate(generation.n(), f);
        gapped.clear();
        state.clearGaps();
        for (TopicPartition tp : consumer.assignment()) {
            reposition(tp);
        }
    }

    /**
     * End offsets of every partition (for this replica's lag and the report's per-partition figures) come from an
     * admin client: the consumer's own endOffsets() warns about partitions assigned to other replicas.
     */
    private void refreshLag(boolean force) {
        long now = System.nanoTime();
        if (!force && now < nextLagRefresh) {
            return;
        }
        if (force && now < nextLagRefresh - config.lagRefreshInterval().toNanos() / 2) {
            return;
        }
        nextLagRefresh = now + config.lagRefreshInterval().toNanos();
        try {
            if (admin == null) {
                admin = Admin.create(KafkaSettings.admin(kafkaConfig, config.view() + "-offsets"));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            allPartitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(2, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new HashMap<>();
            ends.forEach((tp, info) -> byPartition.put(tp.partition(), info.offset()));
            state.endOffsets(byPartition);
            state.kafkaReachable(null);
            for (TopicPartition tp : consumer.assignment()) {
                Long end = byPartition.get(tp.partition());
                if (end != null && !needSeek.contains(tp)) {
                    state.lag(tp.partition(), end - consumer.position(tp, Duration.ofSeconds(2)));
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // poll() does not fail while the broker is away; this is where an outage shows.
            LOG.warnf("view %s cannot reach Kafka: %s", config.view(), e.toString());
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            state.kafkaReachable("cannot reach Kafka: " + (cause instanceof java.util.concurrent.TimeoutException
                    ? "no answer within 2 s" : cause.toString()));
        }
    }

    private void recovered() {
        if (state.failure() != null) {
            LOG.infof("view %s folds again", config.view());
        }
        state.healthy();
        backoff = config.retryBackoffMin();
    }

    private void failed(RuntimeException e) {
        if (!running) {
            return;
        }
        state.failing(e);
        reloadFrontier = true;
        LOG.errorf("view %s: folding failed, retrying in %d ms: %s", config.view(), backoff.toMillis(), e.toString());
        sleep(backoff);
        backoff = Pause.doubled(backoff, config.retryBackoffMax());
    }

    private void sleep(Duration duration) {
        Pause.whileRunning(() -> running, duration);
    }

    /** Finishes the batch in hand, then leaves the group and closes the consumer. */
    void stop(Duration timeout) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("view %s: consumer did not stop within %s", config.view(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
