package dev.tally.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a fixed rate whatever the answers do (open loop). Latency is taken from the time a request was
 * <em>scheduled</em>, not sent, so a stalled service shows up in the percentiles instead of silently slowing the
 * load down (no coordinated omission).
 */
final class OpenLoop {

    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private OpenLoop() {
    }

    /** Request {@code n} of an open loop, told the time it was scheduled at ({@link System#nanoTime()}). */
    @FunctionalInterface
    interface Scheduled {
        io.vertx.core.Future<Void> run(int n, long scheduledNanos);
    }

    static PhaseResult run(String name, double ratePerSecond, Duration warmup, Duration measure, Operation operation) {
        return run(name, ratePerSecond, warmup, measure, (Scheduled) (n, scheduled) -> operation.run(n));
    }

    static PhaseResult run(String name, double ratePerSecond, Duration warmup, Duration measure, Scheduled operation) {
        Latencies latencies = new Latencies();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
        double interval = 1e9 / ratePerSecond;
        long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long windowStart = begin + warmup.toNanos();
        long end = windowStart + measure.toNanos();
        for (int k = 0; ; k++) {
            long scheduled = begin + (long) (k * interval);
            if (scheduled >= end) {
                break;
            }
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = scheduled >= windowStart;
            inFlight.incrementAndGet();
            operation.run(k, scheduled).onComplete(result -> {
                long latency = System.nanoTime() - scheduled;
                if (result.failed()) {
                    errors.incrementAndGet();
                    if (errorSamples.size() < 5) {
                        errorSamples.add(String.valueOf(result.cause().getMessage()));
                    }
                } else if (measured) {
                    completed.incrementAndGet();
                    latencies.add(latency);
                }
                inFlight.decrementAndGet();
            });
        }
        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        long unanswered = inFlight.get();
        if (unanswered > 0) {
            errors.addAndGet(unanswered);
            errorSamples.add(unanswered + " requests unanswered 15 s after the end");
        }
        return new PhaseResult(name, 0, measure.toNanos() / 1e9, completed.get(), errors.get(),
                List.copyOf(errorSamples.subList(0, Math.min(5, errorSamples.size()))), latencies.summary(),
                ratePerSecond, null);
    }
}
