package dev.tally.platform.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.mutiny.core.Vertx;

/**
 * The service's readiness as metrics: {@code tally_ready} (1 when {@code /q/health/ready} would answer UP) and
 * {@code tally_readiness_changes_total}, counted by evaluating the readiness checks every
 * {@code tally.metrics.readiness-interval} (default 5 s). A counter of changes shows flapping that a scrape every
 * 15 s or 30 s would miss in a gauge. {@code tally.metrics.readiness-interval=0} turns it off.
 */
@ApplicationScoped
public class ReadinessMetrics {

    private final SmallRyeHealthReporter health;
    private final Vertx vertx;
    private final Duration interval;
    /** -1 before the first evaluation, then 0 or 1. */
    private final AtomicInteger ready = new AtomicInteger(-1);
    private Counter changes;
    private long timer = -1;

    ReadinessMetrics(SmallRyeHealthReporter health, Vertx vertx,
                     @ConfigProperty(name = "tally.metrics.readiness-interval", defaultValue = "5s")
                     Duration interval) {
        this.health = health;
        this.vertx = vertx;
        this.interval = interval;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        Gauge.builder("tally.ready", ready, r -> r.get() < 0 ? Double.NaN : r.get())
                .description("1 when the service's readiness checks are UP, 0 when DOWN (evaluated periodically)")
                .register(registry);
        changes = Counter.builder("tally.readiness.changes")
                .description("Times the service's readiness went from UP to DOWN or back").register(registry);
        timer = vertx.setPeriodic(Math.max(100, interval.toMillis()), id -> evaluate());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void evaluate() {
        health.getReadinessAsync().subscribe().with(result -> {
            int now = result.isDown() ? 0 : 1;
            int before = ready.getAndSet(now);
            if (before >= 0 && before != now) {
                changes.increment();
            }
        }, failure -> {
            int before = ready.getAndSet(0);
            if (before == 1) {
                changes.increment();
            }
        });
    }
}
