package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * Waiters are released from several threads at once: the consumer's after its commit, an event loop's on the NOTIFY of
 * that commit, and the query's own when the frontier moved while it registered. Whichever takes a waiter first, the
 * others must not fail: a failure on the consumer's thread fails a batch that has already committed.
 */
class ConcurrentReleaseTest {

    private static final int ROUNDS = 50_000;

    @Test
    void aWaiterReleasedByItsOwnRegistrationDoesNotFailTheAdvance() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            LiveFrontier frontier = new LiveFrontier(vertx, Duration.ofSeconds(60), ROUNDS,
                    new ProjectionSpans(null, "test"));
            frontier.activate(1, 0);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Void>> waiting = new ArrayList<>();

            Thread advancing = new Thread(() -> race(start, failure, r -> frontier.advanced(1, r)));
            Thread registering = new Thread(() -> race(start, failure,
                    r -> waiting.add(frontier.await(r).subscribeAsCompletionStage())));
            advancing.start();
            registering.start();
            advancing.join();
            registering.join();

            assertNull(failure.get(), "a thread failed");
            for (CompletableFuture<Void> w : waiting) {
                w.get(10, TimeUnit.SECONDS);
            }
            assertEquals(0, frontier.waiting());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code step} for positions 1..ROUNDS, each round started together with the other thread's. */
    private static void race(CyclicBarrier start, AtomicReference<Throwable> failure,
                             LongConsumer step) {
        for (long r = 1; r <= ROUNDS && failure.get() == null; r++) {
            try {
                start.await(30, TimeUnit.SECONDS);
                step.accept(r);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                start.reset();
                return;
            }
        }
    }
}
