package dev.tally.projection.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The live consumer's lag, at most every {@code lag-refresh-interval}: end offsets of every partition (for this
 * replica's lag and the report's per-partition figures) from an admin client, since the consumer's own endOffsets()
 * warns about partitions assigned to other replicas. This is also where a Kafka outage shows: poll() does not fail
 * while the broker is away.
 */
final class LagMeter {

    private static final Logger LOG = Logger.getLogger(LagMeter.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ProjectionState state;
    private List<TopicPartition> partitions = List.of();
    private Admin admin;
    private long nextRefresh;

    LagMeter(ProjectionConfig config, Map<String, Object> kafkaConfig, ProjectionState state) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.state = state;
    }

    /** The topic's partitions, once it exists. */
    void partitions(List<TopicPartition> all) {
        partitions = List.copyOf(all);
    }

    /**
     * Measures when due; {@code afterBatch} measures early (from half the interval on), so a batch's effect shows
     * soon. Partitions in {@code unpositioned} have no meaningful position yet and keep their last lag.
     */
    void refresh(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> unpositioned, boolean afterBatch) {
        long now = System.nanoTime();
        if (!afterBatch && now < nextRefresh) {
            return;
        }
        if (afterBatch && now < nextRefresh - config.lagRefreshInterval().toNanos() / 2) {
            return;
        }
        nextRefresh = now + config.lagRefreshInterval().toNanos();
        try {
            if (admin == null) {
                admin = Admin.create(KafkaSettings.admin(kafkaConfig, config.view() + "-offsets"));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(2, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new HashMap<>();
            ends.forEach((tp, info) -> byPartition.put(tp.partition(), info.offset()));
            state.endOffsets(byPartition);
            state.kafkaReachable(null);
            for (TopicPartition tp : consumer.assignment()) {
                Long end = byPartition.get(tp.partition());
                if (end != null && !unpositioned.contains(tp)) {
                    state.lag(tp.partition(), end - consumer.position(tp, Duration.ofSeconds(2)));
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("view %s cannot reach Kafka: %s", config.view(), e.toString());
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            state.kafkaReachable("cannot reach Kafka: " + (cause instanceof TimeoutException
                    ? "no answer within 2 s" : cause.toString()));
            // A fresh client next time: this one may keep waiting on a broker that died (its abandoned calls and
            // its metadata outlive the 2 s), which kept every view unready for a minute after one of three died.
            if (admin != null) {
                admin.close(Duration.ZERO);
                admin = null;
            }
        }
    }

    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
