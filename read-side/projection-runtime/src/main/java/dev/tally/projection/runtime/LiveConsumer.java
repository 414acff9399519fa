package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * The view's member of its consumer group, folding into the ACTIVE generation through the {@link PollLoop}. On
 * assignment every partition is paused until it is sought to the checkpoint PostgreSQL holds for the active
 * generation (outside the rebalance callback, before the next poll). After a rebuild's switch-over it adopts the new
 * generation and re-reads its checkpoints.
 */
final class LiveConsumer<E> implements Runnable, PollLoop.Handler<E> {

    private static final Logger LOG = Logger.getLogger(LiveConsumer.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Generations generations;
    private final Checkpoints checkpoints;
    private final ProgressStore progress;
    private final BatchFolder<E> folder;
    private final Projection<E> projection;
    private final LiveFrontier frontier;
    private final ProjectionState state;
    private final PollLoop<E> loop;
    /** Partitions to (re)position from PostgreSQL before they may deliver records; paused meanwhile. */
    private final Set<TopicPartition> needSeek = new HashSet<>();
    private volatile Generation target;
    private volatile Generation switchTo;
    private KafkaConsumer<byte[], byte[]> joining;
    private long topicWarningAt;
    private final LagMeter lag;
    private boolean reloadFrontier;
    private AutoCloseable clientMeters = () -> {
    };

    LiveConsumer(ProjectionConfig config, Map<String, Object> kafkaConfig, Generations generations,
                 Checkpoints checkpoints, ProgressStore progress, BatchFolder<E> folder, LiveFrontier frontier,
                 ProjectionState state, Generation active) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.generations = generations;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.folder = folder;
        this.projection = folder.projection();
        this.frontier = frontier;
        this.state = state;
        this.target = active;
        this.lag = new LagMeter(config, kafkaConfig, state);
        this.loop = new PollLoop<>(config, folder, this);
    }

    @Override
    public void run() {
        loop.run();
    }

    @Override
    public String describe() {
        return "view " + config.view();
    }

    @Override
    public Generation target() {
        return target;
    }

    @Override
    public GenerationStatus expected() {
        return GenerationStatus.ACTIVE;
    }

    /** After a rebuild's switch-over: fold into {@code generation} from its checkpoints. */
    void switchTo(Generation generation) {
        switchTo = generation;
        loop.wakeup();
    }

    /** Subscribes once the log exists: it is created by its writer, and until then there is no group to join. */
    @Override
    public KafkaConsumer<byte[], byte[]> open() {
        if (joining == null) {
            joining = new KafkaConsumer<>(
                    KafkaSettings.consumer(kafkaConfig, config, config.groupId(), config.view() + "-live"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            topicWarningAt = System.nanoTime() + config.topicWaitWarning().toNanos();
        }
        KafkaConsumer<byte[], byte[]> c = joining;
        try {
            List<PartitionInfo> partitions = c.listTopics(Duration.ofSeconds(10)).get(config.topic());
            if (partitions == null || partitions.isEmpty()) {
                if (System.nanoTime() > topicWarningAt) {
                    LOG.warnf("topic %s does not exist yet; view %s waits for it", config.topic(), config.view());
                    topicWarningAt = System.nanoTime() + config.topicWaitWarning().toNanos();
                }
                state.started();
                return null;
            }
            lag.partitions(partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
            c.subscribe(List.of(config.topic()), new Rebalance());
            joining = null;
            clientMeters = state.observer().consumerOpened(c);
            LOG.infof("view %s folds %s (%d partitions) into generation %d in group %s", config.view(),
                    config.topic(), partitions.size(), target.n(), config.groupId());
            return c;
        } catch (RuntimeException e) {
            joining = null;
            c.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public void beforePoll() {
        Generation next = switchTo;
        if (next != null) {
            switchTo = null;
            if (next.n() != target.n()) {
                adopt(next);
            }
        }
        if (!needSeek.isEmpty()) {
            positionPartitions();
        }
    }

    @Override
    public void polled() {
        lag.refresh(loop.consumer(), needSeek, false);
    }

    @Override
    public void committed(BatchFolder.Folded<E> folded, int records, double seconds) {
        state.batch(records, records / seconds);
        state.observer().batchCommitted(folded.plan(), records, seconds);
        frontier.advanced(target.n(), folded.frontier());
        if (!folded.plan().toApply().isEmpty()) {
            try {
                projection.committed(folded.plan().toApply());
            } catch (RuntimeException e) {
                LOG.warnf(e, "the projection's committed() callback failed (the batch is committed)");
            }
        }
    }

    @Override
    public void gapped(BatchPlan.Gap gap) {
        state.gap(gap);
    }

    @Override
    public void roundEnded(boolean emptyPoll) {
        if (!emptyPoll) {
            lag.refresh(loop.consumer(), needSeek, true);
        }
    }

    @Override
    public boolean settled() {
        return needSeek.isEmpty();
    }

    @Override
    public void generationChanged(GenerationChangedException e) {
        Generation active = generations.in(GenerationStatus.ACTIVE).await().atMost(config.operationTimeout())
                .orElseThrow(() -> new IllegalStateException("no ACTIVE generation of view " + config.view()));
        adopt(active);
    }

    @Override
    public void failing(RuntimeException e) {
        state.failing(e);
        reloadFrontier = true;
    }

    @Override
    public void recovered() {
        if (state.failure() != null) {
            LOG.infof("view %s folds again", config.view());
        }
        state.healthy();
    }

    @Override
    public void closed() {
        lag.close();
        try {
            clientMeters.close();
        } catch (Exception e) {
            LOG.debugf("closing the consumer's meters: %s", e);
        }
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
            }
            reposition(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            folder.forget();
            loop.revoked(partitions);
            for (TopicPartition tp : partitions) {
                needSeek.remove(tp);
                loop.clearGap(tp);
                state.assigned(tp.partition(), false);
                state.clearGap(tp.partition());
            }
        }
    }

    /** Pauses the partitions until the next round seeks them to their checkpoints. */
    @Override
    public void reposition(Collection<TopicPartition> partitions) {
        folder.forget();
        loop.unlevel();
        KafkaConsumer<byte[], byte[]> consumer = loop.consumer();
        for (TopicPartition tp : partitions) {
            if (consumer.assignment().contains(tp)) {
                consumer.pause(List.of(tp));
                needSeek.add(tp);
            }
        }
    }

    /** Seeks every partition waiting for it to the active generation's checkpoint (or the beginning) and resumes it. */
    private void positionPartitions() {
        KafkaConsumer<byte[], byte[]> consumer = loop.consumer();
        Map<Integer, Long> offsets = checkpoints.nextOffsets(target.n()).await().atMost(config.operationTimeout());
        List<TopicPartition> fromStart = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition tp : needSeek) {
            if (!consumer.assignment().contains(tp)) {
                continue;
            }
            Long offset = offsets.get(tp.partition());
            if (offset == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
            if (!loop.isGapped(tp)) {
                resume.add(tp);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        consumer.resume(resume);
        needSeek.clear();
        if (reloadFrontier) {
            frontier.reset(target.n(), progress.frontier(target.n()).await().atMost(config.operationTimeout()));
            reloadFrontier = false;
        }
    }

    private void adopt(Generation generation) {
        long f = progress.frontier(generation.n()).await().atMost(config.operationTimeout());
        LOG.infof("view %s now folds into generation %d (%s)", config.view(), generation.n(), generation.schema());
        target = generation;
        frontier.activate(generation.n(), f);
        loop.clearGaps();
        state.clearGaps();
        reposition(loop.consumer().assignment());
    }

    /** Finishes the batch in hand, then leaves the group and closes the consumer. */
    void stop(Duration timeout) {
        loop.stop(timeout);
    }
}
