package dev.tally.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tally.eventstore.EventLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.producer.Producer;

/**
 * The relay's meters (names in the README, "Observability"). Leader and published events are read from the relay's
 * status when scraped; commit-to-ack lag and failures come from a {@link RelayObserver}; the outbox backlog (log head
 * minus the stored checkpoint, whichever replica leads) is queried every {@code tally.relay.backlog-refresh-interval},
 * so a scrape never waits for the database. Every replica reports the same backlog.
 */
@ApplicationScoped
public class RelayMetrics {

    private static final Duration[] LAG_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final OutboxRelayService relay;
    private final EventLog log;
    private final Vertx vertx;
    private final Duration refreshInterval;
    /** One value for both, so a scrape never pairs a new head with an old checkpoint. */
    private volatile Backlog backlog = Backlog.UNKNOWN;
    private long timer = -1;

    RelayMetrics(OutboxRelayService relay, EventLog log, Vertx vertx, RelayConfig config) {
        this.relay = relay;
        this.log = log;
        this.vertx = vertx;
        this.refreshInterval = config.backlogRefreshInterval();
    }

    /** Before the {@link OutboxRelayService} starts (priority 1000 or the default), so its first batch is counted. */
    void register(@Observes @Priority(900) StartupEvent event, MeterRegistry registry) {
        Gauge.builder("tally.relay.leader", relay, r -> r.status().leader() ? 1 : 0)
                .description("1 while this replica's relay holds the lock and publishes, else 0").register(registry);
        FunctionCounter.builder("tally.relay.published.events", relay, r -> r.status().publishedEvents())
                .description("Events this replica's relay got acknowledged by Kafka").register(registry);
        Gauge.builder("tally.relay.outbox.head.position", this, m -> m.backlog.head())
                .description("Highest position in the event store (refreshed periodically)").register(registry);
        Gauge.builder("tally.relay.checkpoint.position", this, m -> m.backlog.checkpoint())
                .description("Stored relay checkpoint: every position up to it is acknowledged by Kafka")
                .register(registry);
        Gauge.builder("tally.relay.outbox.backlog.events", this, m -> m.backlog.events())
                .description("Events committed but not yet published (head minus checkpoint)").register(registry);
        Timer lag = Timer.builder("tally.relay.commit.to.ack")
                .description("From an event's commit to Kafka's acknowledgement").serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        Counter publishErrors = errors(registry, "publish");
        Counter leadershipLost = errors(registry, "leadership_lost");
        relay.observe(new RelayObserver() {
            @Override
            public void acknowledged(long lagMicros) {
                lag.record(lagMicros, TimeUnit.MICROSECONDS);
            }

            @Override
            public AutoCloseable producerOpened(Producer<byte[], byte[]> producer) {
                // The relay's own client (not the messaging extension's), so its meters are bound here.
                KafkaClientMetrics meters = new KafkaClientMetrics(producer);
                meters.bindTo(registry);
                return meters;
            }

            @Override
            public void failed(Failure failure) {
                (failure == Failure.LEADERSHIP_LOST ? leadershipLost : publishErrors).increment();
            }
        });
        refresh();
        timer = vertx.setPeriodic(Math.max(100, refreshInterval.toMillis()), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static Counter errors(MeterRegistry registry, String reason) {
        return Counter.builder("tally.relay.errors").tag("reason", reason)
                .description("Batches the relay abandoned (read again from the checkpoint)").register(registry);
    }

    private void refresh() {
        Uni.combine().all().unis(log.headPosition(), relay.storedCheckpoint()).asTuple()
                .subscribe().with(both -> backlog = new Backlog(both.getItem1(), both.getItem2()),
                        failure -> backlog = Backlog.UNKNOWN);
    }

    private record Backlog(double head, double checkpoint) {
        static final Backlog UNKNOWN = new Backlog(Double.NaN, Double.NaN);

        double events() {
            return head - checkpoint;
        }
    }
}
