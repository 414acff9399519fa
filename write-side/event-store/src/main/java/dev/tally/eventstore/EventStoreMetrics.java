package dev.tally.eventstore;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * The event store's meters (names in the README, "Observability"), registered at start-up in the host's Micrometer
 * registry. Counters are read from {@link GroupCommitStats} when scraped; the timers are fed once per group-commit
 * batch ({@link GroupCommitObserver}), never per event.
 */
@ApplicationScoped
public class EventStoreMetrics {

    /** Histogram buckets of the store's durations: half a millisecond to ten seconds. */
    static final Duration[] DURATION_BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    void register(@Observes StartupEvent event, EventStore store, MeterRegistry registry) {
        FunctionCounter.builder("tally.eventstore.group.commit.batches", store, s -> s.groupCommitStats().batches())
                .description("Append transactions run by the group committer").register(registry);
        FunctionCounter.builder("tally.eventstore.group.commit.events", store, s -> s.groupCommitStats().events())
                .description("Events in group-committed append requests, appended or refused").register(registry);
        FunctionCounter.builder("tally.eventstore.group.commit.reruns", store,
                        s -> s.groupCommitStats().rerunAlone())
                .description("Batches that failed as a whole and whose requests ran again one by one")
                .register(registry);
        Gauge.builder("tally.eventstore.group.commit.queued.requests", store, s -> s.groupCommitStats().queued())
                .description("Append requests waiting for the position section now").register(registry);
        DistributionSummary groupSize = DistributionSummary.builder("tally.eventstore.group.commit.requests")
                .description("Append requests per group-commit batch (group size)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
        Timer waited = timer("tally.eventstore.position.section.wait",
                "How long a batch's oldest request waited for the position section", registry);
        Timer section = timer("tally.eventstore.position.section.duration",
                "Position section per batch: from its start until its COMMIT is answered", registry);
        Timer append = timer("tally.eventstore.append.duration",
                "Append transaction per batch: from its start until durable", registry);
        store.observeGroupCommits(new GroupCommitObserver() {
            @Override
            public void batchStarted(int requests, long waitedNanos) {
                groupSize.record(requests);
                waited.record(waitedNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void sectionEnded(long nanos) {
                section.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void batchDurable(long nanos) {
                append.record(nanos, TimeUnit.NANOSECONDS);
            }
        });
    }

    private static Timer timer(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description).serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }
}
