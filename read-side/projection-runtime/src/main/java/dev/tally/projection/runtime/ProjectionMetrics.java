package dev.tally.projection.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The view's meters, each tagged {@code view} (names in the README, "Observability"). Event counters and batch
 * figures are fed once per committed batch ({@link ProjectionObserver}); lag, frontier and rebuild progress are read
 * from {@link ProjectionState} and {@link LiveFrontier} when scraped. The per-partition lag rows follow this
 * replica's assignment, re-listed every second, so a partition another replica owns is not reported here.
 */
@ApplicationScoped
public class ProjectionMetrics {

    private static final Duration[] DURATION_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final ProjectionConfig config;
    private final ProjectionState state;
    private final LiveFrontier frontier;
    private final Vertx vertx;
    /** Time of the last event handled per partition, for the lag in seconds. */
    private final Map<Integer, Instant> lastEventTime = new ConcurrentHashMap<>();
    private MultiGauge lagEvents;
    private MultiGauge lagSeconds;
    private long timer = -1;

    ProjectionMetrics(ProjectionConfig config, ProjectionState state, LiveFrontier frontier, Vertx vertx) {
        this.config = config;
        this.state = state;
        this.frontier = frontier;
        this.vertx = vertx;
    }

    /** Before the {@link ProjectionRuntime} starts (priority 1000 or the default), so its first batch is counted. */
    void register(@Observes @Priority(900) StartupEvent event, MeterRegistry registry) {
        Tags view = Tags.of("view", config.view());
        Counter applied = events(registry, view, "applied");
        Counter redelivered = events(registry, view, "redelivered");
        Counter skipped = events(registry, view, "skipped");
        Counter ignored = events(registry, view, "ignored");
        Counter deadLettered = events(registry, view, "dead_lettered");
        DistributionSummary batchSize = DistributionSummary.builder("tally.projection.batch.records").tags(view)
                .description("Kafka records per committed batch")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000).register(registry);
        Timer batchDuration = Timer.builder("tally.projection.batch.duration").tags(view)
                .description("From a batch's fold to its commit").serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
        Timer reached = waits(registry, view, "reached");
        Timer timedOut = waits(registry, view, "timed_out");
        Gauge.builder("tally.projection.frontier.position", frontier, LiveFrontier::frontier).tags(view)
                .description("Every event up to this position is handled by the active generation")
                .register(registry);
        Gauge.builder("tally.projection.read_your_writes.waiting", frontier, LiveFrontier::waiting).tags(view)
                .description("Queries waiting for minPosition now (past tally.projection.read-your-writes-max-waiting: 503)")
                .register(registry);
        FunctionCounter.builder("tally.projection.gaps", state, ProjectionState::gapsSeen).tags(view)
                .description("Version gaps seen (a partition stopped until the missing event came)")
                .register(registry);
        Gauge.builder("tally.projection.open.gaps", state, s -> s.openGaps().size()).tags(view)
                .description("Partitions stopped at a version gap now").register(registry);
        Gauge.builder("tally.projection.rebuilding", state, s -> s.rebuild() == null ? 0 : 1).tags(view)
                .description("1 while a rebuild runs on this replica").register(registry);
        Gauge.builder("tally.projection.rebuild.progress", state, ProjectionMetrics::rebuildProgress).tags(view)
                .baseUnit("ratio").description("Share of the log the running rebuild has folded (0 when none)")
                .register(registry);
        lagEvents = MultiGauge.builder("tally.projection.lag.events").tags(view)
                .description("Records in the partition this replica has not handled yet").register(registry);
        lagSeconds = MultiGauge.builder("tally.projection.lag").tags(view).baseUnit("seconds")
                .description("0 when level; else the age of the partition's last handled event").register(registry);
        state.observe(new ProjectionObserver() {
            @Override
            public void batchCommitted(BatchPlan<?> plan, int records, double seconds) {
                applied.increment(plan.toApply().size());
                redelivered.increment(plan.redelivered());
                skipped.increment(plan.skipped());
                ignored.increment(plan.ignored());
                deadLettered.increment(plan.deadLetters().size());
                batchSize.record(records);
                batchDuration.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
                plan.partitions().forEach((partition, step) -> {
                    if (step.lastEventTime() != null) {
                        lastEventTime.put(partition, step.lastEventTime());
                    }
                });
            }

            @Override
            public void waited(long nanos, boolean gaveUp) {
                (gaveUp ? timedOut : reached).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public AutoCloseable consumerOpened(Consumer<byte[], byte[]> consumer) {
                // The client is the runtime's own (not the messaging extension's), so its meters are bound here.
                KafkaClientMetrics meters = new KafkaClientMetrics(consumer, view);
                meters.bindTo(registry);
                return meters;
            }
        });
        frontier.observe(state.observer());
        relistPartitions();
        timer = vertx.setPeriodic(1000, id -> relistPartitions());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void relistPartitions() {
        List<MultiGauge.Row<?>> events = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        for (int partition : state.assignedPartitions()) {
            Tags tags = Tags.of("partition", Integer.toString(partition));
            events.add(MultiGauge.Row.of(tags, () -> lagOf(partition)));
            seconds.add(MultiGauge.Row.of(tags, () -> lagSecondsOf(partition)));
        }
        lagEvents.register(events, true);
        lagSeconds.register(seconds, true);
    }

    private double lagOf(int partition) {
        Long lag = state.lagOf(partition);
        return lag == null ? Double.NaN : lag;
    }

    private double lagSecondsOf(int partition) {
        Long lag = state.lagOf(partition);
        if (lag == null) {
            return Double.NaN;
        }
        if (lag == 0) {
            return 0;
        }
        Instant last = lastEventTime.get(partition);
        return last == null ? Double.NaN : Math.max(0, Duration.between(last, Instant.now()).toMillis() / 1000.0);
    }

    private static double rebuildProgress(ProjectionState state) {
        ProjectionState.RebuildProgress rebuild = state.rebuild();
        if (rebuild == null) {
            return 0;
        }
        long folded = rebuild.nextOffsets().values().stream().mapToLong(Long::longValue).sum();
        long target = rebuild.endOffsets().values().stream().mapToLong(Long::longValue).sum();
        return target == 0 ? 1 : Math.min(1, (double) folded / target);
    }

    private static Counter events(MeterRegistry registry, Tags view, String outcome) {
        return Counter.builder("tally.projection.events").tags(view).tag("outcome", outcome)
                .description("Events the view handled, by outcome").register(registry);
    }

    private static Timer waits(MeterRegistry registry, Tags view, String outcome) {
        return Timer.builder("tally.projection.read.your.writes.wait").tags(view).tag("outcome", outcome)
                .description("Queries that waited for the view to reach their minPosition, and how long")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }
}
