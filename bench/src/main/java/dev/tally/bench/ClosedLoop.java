package dev.tally.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each sending its next request as soon as the previous one answered. Runs a warm-up, then a
 * measurement window; requests that completed inside the window are counted and timed.
 */
final class ClosedLoop {

    private final int clients;
    private final Operation operation;
    private final Latencies latencies = new Latencies();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private volatile long windowStart;
    private volatile long windowEnd;
    private CountDownLatch finished;

    private ClosedLoop(int clients, Operation operation) {
        this.clients = clients;
        this.operation = operation;
    }

    static PhaseResult run(String name, int clients, Duration warmup, Duration measure, Operation operation)
            throws InterruptedException {
        return new ClosedLoop(clients, operation).run(name, warmup, measure);
    }

    private PhaseResult run(String name, Duration warmup, Duration measure) throws InterruptedException {
        long now = System.nanoTime();
        windowStart = now + warmup.toNanos();
        windowEnd = windowStart + measure.toNanos();
        finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            next(c);
        }
        long slack = TimeUnit.SECONDS.toMillis(30);
        if (!finished.await(warmup.toMillis() + measure.toMillis() + slack, TimeUnit.MILLISECONDS)) {
            errors.addAndGet(finished.getCount());
            errorSamples.add(finished.getCount() + " clients still waiting for an answer 30 s after the end");
        }
        return new PhaseResult(name, clients, measure.toNanos() / 1e9, completed.get(), errors.get(),
                List.copyOf(errorSamples.subList(0, Math.min(5, errorSamples.size()))), latencies.summary(), 0, null);
    }

    private void next(int client) {
        long started = System.nanoTime();
        if (started >= windowEnd) {
            finished.countDown();
            return;
        }
        operation.run(client).onComplete(result -> {
            long ended = System.nanoTime();
            if (result.failed()) {
                errors.incrementAndGet();
                if (errorSamples.size() < 5) {
                    errorSamples.add(String.valueOf(result.cause().getMessage()));
                }
            } else if (ended >= windowStart && ended <= windowEnd) {
                completed.incrementAndGet();
                latencies.add(ended - started);
            }
            next(client);
        });
    }
}
