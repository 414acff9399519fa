package dev.tally.projection.runtime;

import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Folds the whole log from the beginning into a BUILDING generation with a consumer of its own (no group: it is
 * assigned every partition and keeps its own checkpoints in PostgreSQL), while the live consumer keeps folding into
 * the ACTIVE generation and queries keep reading it. Once it is about level with the live consumer it switches
 * over: it locks the ACTIVE generation's row (the live consumer's next batch waits on it), folds up to at least the
 * live consumer's checkpoints, and in that same transaction retires the old generation, activates the new one and
 * points the SQL views at it. The live consumer then carries on from the new generation's checkpoints, so no record
 * is lost or folded twice. Only one replica rebuilds: it holds an advisory lock for the whole rebuild.
 */
final class RebuildConsumer<E> implements Runnable {

    private static final Logger LOG = Logger.getLogger(RebuildConsumer.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ProjectionStore store;
    private final BatchFolder<E> folder;
    private final ProjectionState state;
    private final Generation generation;
    private final SwitchListener onSwitch;
    private final Instant startedAt = Instant.now();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<TopicPartition> gapped = new HashSet<>();
    private final Map<Integer, Long> endOffsets = new HashMap<>();
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private List<TopicPartition> partitions = List.of();
    private String phase = "starting";
    private String failure;
    private long frontier;
    private long nextEndRefresh;
    private Duration backoff;

    interface SwitchListener {
        /** Called after the switch-over committed. */
        void switched(Generation retired, Generation active, long frontier);
    }

    RebuildConsumer(ProjectionConfig config, Map<String, Object> kafkaConfig, ProjectionStore store,
                    BatchFolder<E> folder, ProjectionState state, Generation generation, SwitchListener onSwitch) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.store = store;
        this.folder = folder;
        this.state = state;
        this.generation = generation;
        this.onSwitch = onSwitch;
        this.backoff = config.retryBackoffMin();
    }

    Generation generation() {
        return generation;
    }

    @Override
    public void run() {
        report();
        try {
            consumer = new KafkaConsumer<>(
                    KafkaSettings.consumer(kafkaConfig, config, null, config.view() + "-rebuild-g" + generation.n()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            while (running && !assign()) {
                sleep(Duration.ofMillis(500));
            }
            phase = "folding";
            boolean switched = false;
            while (running && !switched) {
                try {
                    boolean empty = foldOnce();
                    if (nearlyLevel(empty)) {
                        switched = trySwitch();
                    }
                    backoff = config.retryBackoffMin();
                    failure = null;
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    failed(e);
                }
                report();
            }
        } finally {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
            }
            state.rebuild(null);
            stopped.countDown();
        }
    }

    private boolean assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(config.topic(), Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        reposition(partitions);
        LOG.infof("view %s: rebuilding generation %d (%s) from the start of %s", config.view(), generation.n(),
                generation.schema(), config.topic());
        return true;
    }

    /** Seeks to this generation's checkpoints (or the beginning): after start, a failure or a stale batch. */
    private void reposition(List<TopicPartition> which) {
        Map<Integer, Long> checkpoints = store.checkpoints(generation.n()).await().atMost(config.operationTimeout());
        if (checkpoints.isEmpty() && which.size() == partitions.size()) {
            folder.startsEmpty(generation); // nothing committed yet: every stream starts at version 0
        } else {
            folder.forget();
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : which) {
            Long offset = checkpoints.get(tp.partition());
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

    /** Polls and folds one batch; true if the poll returned nothing. */
    private boolean foldOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
        refreshEnds(false);
        if (records.isEmpty()) {
            return true;
        }
        try {
            BatchFolder.Folded<E> folded = folder.fold(generation, ProjectionStore.BUILDING, records);
            frontier = folded.frontier();
            for (BatchPlan.Gap gap : folded.plan().gaps()) {
                TopicPartition tp = new TopicPartition(config.topic(), gap.partition());
                consumer.pause(List.of(tp));
                consumer.seek(tp, gap.offset());
                gapped.add(tp);
                phase = "stuck at a version gap in partition " + gap.partition() + " offset " + gap.offset();
            }
        } catch (StaleBatchException e) {
            reposition(e.partitions().stream().map(p -> new TopicPartition(config.topic(), p)).toList());
        } catch (GenerationChangedException e) {
            LOG.warnf("view %s: rebuild of generation %d stops: %s", config.view(), generation.n(), e.getMessage());
            running = false;
        } catch (RuntimeException e) {
            reposition(new ArrayList<>(records.partitions()));
            throw e;
        }
        return false;
    }

    /** Close enough to the end of the log to try the switch-over (its lock holds the live consumer briefly). */
    private boolean nearlyLevel(boolean emptyPoll) {
        if (!gapped.isEmpty()) {
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
            lag += Math.max(0, endOffsets.getOrDefault(tp.partition(), 0L) - consumer.position(tp));
        }
        return lag;
    }

    /**
     * Locks the ACTIVE generation, folds until this generation has every record the active one has, then switches
     * in the same transaction. Gives up (the live consumer resumes) if that takes longer than the switch timeout.
     */
    private boolean trySwitch() {
        phase = "switching";
        report();
        SqlConnection connection = store.pool().getConnection().await().atMost(config.operationTimeout());
        Transaction tx = null;
        try {
            tx = connection.begin().await().atMost(config.operationTimeout());
            var locked = store.lockActive(connection).await().atMost(config.switchTimeout());
            Generation active = locked.getKey();
            Map<Integer, Long> liveOffsets = locked.getValue();
            long deadline = System.nanoTime() + config.switchTimeout().toNanos();
            while (!reached(liveOffsets)) {
                if (!running || System.nanoTime() > deadline || !gapped.isEmpty()) {
                    LOG.infof("view %s: rebuild not level with the live consumer yet; switch-over postponed", config.view());
                    tx.rollback().await().atMost(config.operationTimeout());
                    tx = null;
                    phase = "folding";
                    return false;
                }
                foldOnce();
            }
            store.switchOver(connection, active, generation, folder.projection()).await().atMost(config.operationTimeout());
            tx.commit().await().atMost(config.operationTimeout());
            tx = null;
            long f = store.progress(generation.n()).await().atMost(config.operationTimeout())
                    .map(ProjectionStore.Progress::frontier).orElse(frontier);
            LOG.infof("view %s: switched from generation %d to %d (frontier %d) after %s", config.view(), active.n(),
                    generation.n(), f, Duration.between(startedAt, Instant.now()));
            phase = "switched";
            onSwitch.switched(active, generation, f);
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
            if (consumer.position(tp, Duration.ofSeconds(10)) < entry.getValue()) {
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
        consumer.endOffsets(partitions, Duration.ofSeconds(5)).forEach((tp, end) -> endOffsets.put(tp.partition(), end));
    }

    private void report() {
        Map<Integer, Long> next = new HashMap<>();
        if (consumer != null) {
            for (TopicPartition tp : partitions) {
                try {
                    next.put(tp.partition(), consumer.position(tp, Duration.ofSeconds(1)));
                } catch (RuntimeException e) {
                    // not positioned yet
                }
            }
        }
        state.rebuild(new ProjectionState.RebuildProgress(generation.n(), startedAt, phase, next,
                Map.copyOf(endOffsets), frontier, failure));
    }

    private void failed(RuntimeException e) {
        if (!running) {
            return;
        }
        failure = e.toString();
        LOG.errorf("view %s: rebuild of generation %d failed, retrying in %d ms: %s", config.view(), generation.n(),
                backoff.toMillis(), e.toString());
        sleep(backoff);
        backoff = Pause.doubled(backoff, config.retryBackoffMax());
        try {
            reposition(partitions);
        } catch (RuntimeException again) {
            LOG.debugf("repositioning after a failure failed: %s", again);
        }
    }

    private void sleep(Duration duration) {
        Pause.whileRunning(() -> running, duration);
    }

    void stop(Duration timeout) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isDone() {
        return stopped.getCount() == 0;
    }
}
