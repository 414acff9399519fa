package dev.tally.projection.runtime;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Folds the whole log from the beginning into a BUILDING generation with a consumer of its own (no group: it is
 * assigned every partition and keeps its own checkpoints in PostgreSQL), through the {@link PollLoop}, while the
 * live consumer keeps folding into the ACTIVE generation and queries keep reading it. Once it is about level with
 * the live consumer it switches over: it locks the ACTIVE generation's row (the live consumer's next batch waits on
 * it), folds up to at least the live consumer's checkpoints, and in that same transaction retires the old
 * generation, activates the new one and points the SQL views at it. The live consumer then carries on from the new
 * generation's checkpoints, so no record is lost or folded twice. Only one replica rebuilds: it holds an advisory
 * lock for the whole rebuild.
 */
final class RebuildConsumer<E> implements Runnable, PollLoop.Handler<E> {

    private static final Logger LOG = Logger.getLogger(RebuildConsumer.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Pool pool;
    private final Generations generations;
    private final Checkpoints checkpoints;
    private final ProgressStore progress;
    private final BatchFolder<E> folder;
    private final ProjectionState state;
    private final Generation generation;
    private final SwitchListener onSwitch;
    private final Instant startedAt = Instant.now();
    private final Map<Integer, Long> endOffsets = new HashMap<>();
    private final PollLoop<E> loop;
    private KafkaConsumer<byte[], byte[]> assigning;
    private List<TopicPartition> partitions = List.of();
    private RebuildPhase phase = RebuildPhase.STARTING;
    private BatchPlan.Gap stuckAt;
    private String failure;
    private long frontier;
    private long nextEndRefresh;

    interface SwitchListener {
        /** Called after the switch-over committed. */
        void switched(Generation retired, Generation active, long frontier);
    }

    RebuildConsumer(ProjectionConfig config, Map<String, Object> kafkaConfig, Pool pool, Generations generations,
                    Checkpoints checkpoints, ProgressStore progress, BatchFolder<E> folder, ProjectionState state,
                    Generation generation, SwitchListener onSwitch) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.pool = pool;
        this.generations = generations;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.folder = folder;
        this.state = state;
        this.generation = generation;
        this.onSwitch = onSwitch;
        this.loop = new PollLoop<>(config, folder, this);
    }

    Generation generation() {
        return generation;
    }

    @Override
    public void run() {
        report();
        loop.run();
    }

    @Override
    public String describe() {
        return "view " + config.view() + ": rebuild of generation " + generation.n();
    }

    @Override
    public Generation target() {
        return generation;
    }

    @Override
    public GenerationStatus expected() {
        return GenerationStatus.BUILDING;
    }

    /** Assigns every partition of the log, once it has some, and seeks them to this generation's checkpoints. */
    @Override
    public KafkaConsumer<byte[], byte[]> open() {
        if (assigning == null) {
            assigning = new KafkaConsumer<>(
                    KafkaSettings.consumer(kafkaConfig, config, null, config.view() + "-rebuild-g" + generation.n()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        List<PartitionInfo> infos = assigning.partitionsFor(config.topic(), Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return null;
        }
        partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        assigning.assign(partitions);
        seek(assigning, partitions);
        LOG.infof("view %s: rebuilding generation %d (%s) from the start of %s", config.view(), generation.n(),
                generation.schema(), config.topic());
        phase = RebuildPhase.FOLDING;
        KafkaConsumer<byte[], byte[]> c = assigning;
        assigning = null;
        return c;
    }

    @Override
    public void reposition(Collection<TopicPartition> which) {
        loop.unlevel();
        seek(loop.consumer(), which);
    }

    /** Seeks to this generation's checkpoints (or the beginning): after start, a failure or a stale batch. */
    private void seek(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> which) {
        Map<Integer, Long> offsets = checkpoints.nextOffsets(generation.n()).await().atMost(config.operationTimeout());
        if (offsets.isEmpty() && which.size() == partitions.size()) {
            folder.startsEmpty(generation); // nothing committed yet: every stream starts at version 0
        } else {
            folder.forget();
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : which) {
            Long offset = offsets.get(tp.partition());
            if (offset == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }

    @Override
    public void polled() {
        refreshEnds(false);
    }

    @Override
    public void committed(BatchFolder.Folded<E> folded, int records, double seconds) {
        frontier = folded.frontier();
    }

    @Override
    public void gapped(BatchPlan.Gap gap) {
        phase = RebuildPhase.STUCK_AT_GAP;
        stuckAt = gap;
    }

    @Override
    public void generationChanged(GenerationChangedException e) {
        LOG.warnf("view %s: rebuild of generation %d stops: %s", config.view(), generation.n(), e.getMessage());
        loop.finish();
    }

    @Override
    public void roundEnded(boolean emptyPoll) {
        if (loop.isRunning() && nearlyLevel(emptyPoll) && trySwitch()) {
            loop.finish();
        }
    }

    @Override
    public void failing(RuntimeException e) {
        failure = e.toString();
    }

    @Override
    public void retrying() {
        try {
            reposition(partitions);
        } catch (RuntimeException again) {
            LOG.debugf("repositioning after a failure failed: %s", again);
        }
    }

    @Override
    public void recovered() {
        failure = null;
    }

    @Override
    public void turnEnded() {
        report();
    }

    @Override
    public void closed() {
        if (assigning != null) {
            assigning.close(Duration.ZERO);
        }
        state.rebuild(null);
    }

    /** Close enough to the end of the log to try the switch-over (its lock holds the live consumer briefly). */
    private boolean nearlyLevel(boolean emptyPoll) {
        if (loop.hasGaps()) {
            return false;
        }
        if (!emptyPoll && lag() > config.maxBatch()) {
            return false; // judged on the last known end offsets: no broker call per batch while far behind
        }
        refreshEnds(true);
        return emptyPoll || lag() <= config.maxBatch();
    }

    private long lag() {
        long lag = 0;
        for (TopicPartition tp : partitions) {
            lag += Math.max(0, endOffsets.getOrDefault(tp.partition(), 0L) - loop.consumer().position(tp));
        }
        return lag;
    }

    /**
     * Locks the ACTIVE generation, folds until this generation has every record the active one has, then switches
     * in the same transaction. Gives up (the live consumer resumes) if that takes longer than the switch timeout.
     */
    private boolean trySwitch() {
        phase = RebuildPhase.SWITCHING;
        report();
        SqlConnection connection = pool.getConnection().await().atMost(config.operationTimeout());
        Transaction tx = null;
        try {
            tx = connection.begin().await().atMost(config.operationTimeout());
            GenerationOffsets active = generations.lockActive(connection).await().atMost(config.switchTimeout());
            long deadline = System.nanoTime() + config.switchTimeout().toNanos();
            while (!reached(active.nextOffsets())) {
                if (!loop.isRunning() || System.nanoTime() > deadline || loop.hasGaps()) {
                    LOG.infof("view %s: rebuild not level with the live consumer yet; switch-over postponed", config.view());
                    tx.rollback().await().atMost(config.operationTimeout());
                    tx = null;
                    phase = RebuildPhase.FOLDING;
                    return false;
                }
                loop.pollOnce();
            }
            Generation retired = active.generation();
            generations.switchOver(connection, retired, generation, folder.projection())
                    .await().atMost(config.operationTimeout());
            tx.commit().await().atMost(config.operationTimeout());
            tx = null;
            long f = progress.progress(generation.n()).await().atMost(config.operationTimeout())
                    .map(Progress::frontier).orElse(frontier);
            LOG.infof("view %s: switched from generation %d to %d (frontier %d) after %s", config.view(), retired.n(),
                    generation.n(), f, Duration.between(startedAt, Instant.now()));
            phase = RebuildPhase.SWITCHED;
            onSwitch.switched(retired, generation, f);
            return true;
        } finally {
            if (tx != null) {
                try {
                    tx.rollback().await().atMost(config.operationTimeout());
                } catch (RuntimeException e) {
                    LOG.debugf("rollback of the switch-over failed: %s", e);
                }
            }
            connection.close().await().atMost(config.operationTimeout());
        }
    }

    private boolean reached(Map<Integer, Long> liveOffsets) {
        for (var entry : liveOffsets.entrySet()) {
            TopicPartition tp = new TopicPartition(config.topic(), entry.getKey());
            if (loop.consumer().position(tp, Duration.ofSeconds(10)) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void refreshEnds(boolean force) {
        long now = System.nanoTime();
        if (!force && now < nextEndRefresh) {
            return;
        }
        nextEndRefresh = now + config.lagRefreshInterval().toNanos();
        loop.consumer().endOffsets(partitions, Duration.ofSeconds(5))
                .forEach((tp, end) -> endOffsets.put(tp.partition(), end));
    }

    private void report() {
        Map<Integer, Long> next = new HashMap<>();
        KafkaConsumer<byte[], byte[]> consumer = loop.consumer();
        if (consumer != null) {
            for (TopicPartition tp : partitions) {
                try {
                    next.put(tp.partition(), consumer.position(tp, Duration.ofSeconds(1)));
                } catch (RuntimeException e) {
                    // not positioned yet
                }
            }
        }
        state.rebuild(new ProjectionState.RebuildProgress(generation.n(), startedAt, phase, stuckAt, next,
                Map.copyOf(endOffsets), frontier, failure));
    }

    void stop(Duration timeout) {
        loop.stop(timeout);
    }

    boolean isDone() {
        return loop.isDone();
    }
}
