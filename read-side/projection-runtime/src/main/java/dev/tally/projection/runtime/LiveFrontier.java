package dev.tally.projection.runtime;

import dev.tally.projection.ReadYourWrites;
import dev.tally.projection.ViewNotCaughtUpException;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory copy of the active generation's {@link Frontier} (its position: what is pending stays in PostgreSQL),
 * and the waiters of read-your-writes, released once the frontier {@link Frontier#covers covers} their position. It
 * is advanced by the local consumer after each commit, by NOTIFY from other replicas' commits, and by a periodic
 * re-read ({@link FrontierListener}). Waiters are completed on the Vert.x context they subscribed on, so the query
 * that follows runs where reactive clients (Hibernate Reactive included) expect it.
 */
@ApplicationScoped
public class LiveFrontier implements ReadYourWrites {

    private final Vertx vertx;
    private final Duration timeout;
    private final ProjectionSpans spans;
    private final int maxWaiting;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListSet<Waiter> waiters = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(Waiter::position).thenComparingLong(Waiter::seq));
    /** {@code waiters.size()} without its walk over the whole set (O(n) in a skip list) on every query that waits. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int generation;
    private volatile Frontier frontier = Frontier.start();
    private volatile ProjectionObserver observer = ProjectionObserver.NONE;

    @Inject
    LiveFrontier(Vertx vertx, ProjectionConfig config, ProjectionSpans spans) {
        this(vertx, config.readYourWritesTimeout(), config.readYourWritesMaxWaiting(), spans);
    }

    LiveFrontier(Vertx vertx, Duration timeout, int maxWaiting, ProjectionSpans spans) {
        this.vertx = vertx;
        this.spans = spans;
        this.timeout = timeout;
        this.maxWaiting = maxWaiting;
    }

    @Override
    public Uni<Void> await(Long minPosition) {
        if (minPosition == null || frontier.covers(minPosition)) {
            return Uni.createFrom().voidItem();
        }
        if (waiting.get() >= maxWaiting) {
            return Uni.createFrom().failure(new ViewNotCaughtUpException(minPosition, frontier.position()));
        }
        Span span = spans.waiting(minPosition, frontier.position());
        return Uni.createFrom().<Void>emitter(emitter -> {
            Waiter waiter = new Waiter(minPosition, sequence.incrementAndGet(), emitter, Vertx.currentContext(),
                    observer);
            if (waiters.add(waiter)) {
                waiting.incrementAndGet();
            }
            long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
                forget(waiter);
                waiter.fail(new ViewNotCaughtUpException(minPosition, frontier.position()));
            });
            waiter.timer = timer;
            if (frontier.covers(minPosition)) { // advanced between the check and the registration
                release(waiter);
            }
        }).onTermination().invoke((done, failure, cancelled) -> ProjectionSpans.waited(span, failure));
    }

    @Override
    public long frontier() {
        return frontier.position();
    }

    public int generation() {
        return generation;
    }

    /** The active generation changed (start-up or a rebuild's switch-over): its frontier replaces the old one. */
    public synchronized void activate(int newGeneration, long newFrontier) {
        generation = newGeneration;
        if (!frontier.covers(newFrontier)) {
            frontier = Frontier.at(newFrontier);
        }
        releaseUpTo(frontier.position());
    }

    /**
     * After the database failed: the stored frontier may be lower than the one in memory (with asynchronous commit
     * the last batches can be lost in a crash and are folded again), so the stored one wins, even if lower.
     */
    public synchronized void reset(int ofGeneration, long storedFrontier) {
        if (ofGeneration == generation) {
            frontier = Frontier.at(storedFrontier);
            releaseUpTo(storedFrontier);
        }
    }

    /** A generation's frontier moved; ignored unless it is the active one. Never moves backwards. */
    public void advanced(int ofGeneration, long newFrontier) {
        if (ofGeneration != generation || frontier.covers(newFrontier)) {
            return;
        }
        synchronized (this) {
            if (ofGeneration == generation && !frontier.covers(newFrontier)) {
                frontier = Frontier.at(newFrontier);
            }
        }
        releaseUpTo(newFrontier);
    }

    private void releaseUpTo(long reached) {
        while (true) {
            // Not isEmpty() then first(): the last waiter can be taken in between (by a NOTIFY's advance, a timeout, or
            // a query that saw the frontier move while it registered), and first() then throws. The iterator keeps
            // the element it found.
            Iterator<Waiter> it = waiters.iterator();
            Waiter first = it.hasNext() ? it.next() : null;
            if (first == null || first.position > reached) {
                return;
            }
            if (forget(first)) {
                release(first);
            }
        }
    }

    private void release(Waiter waiter) {
        forget(waiter);
        vertx.cancelTimer(waiter.timer);
        waiter.complete();
    }

    /** Who hears of read-your-writes waits from now on (metrics). */
    public void observe(ProjectionObserver newObserver) {
        observer = newObserver == null ? ProjectionObserver.NONE : newObserver;
    }

    int waiting() {
        return waiting.get();
    }

    /** Removes {@code waiter} if it is still waiting; true if this call removed it. */
    private boolean forget(Waiter waiter) {
        boolean removed = waiters.remove(waiter);
        if (removed) {
            waiting.decrementAndGet();
        }
        return removed;
    }

    private static final class Waiter {
        final long position;
        final long seq;
        final UniEmitter<? super Void> emitter;
        final Context context;
        final AtomicBoolean done = new AtomicBoolean();
        final ProjectionObserver observer;
        final long since = System.nanoTime();
        volatile long timer = -1;

        Waiter(long position, long seq, UniEmitter<? super Void> emitter, Context context,
               ProjectionObserver observer) {
            this.position = position;
            this.seq = seq;
            this.emitter = emitter;
            this.context = context;
            this.observer = observer;
        }

        long position() {
            return position;
        }

        long seq() {
            return seq;
        }

        void complete() {
            if (done.compareAndSet(false, true)) {
                observer.waited(System.nanoTime() - since, false);
                onContext(() -> emitter.complete(null));
            }
        }

        void fail(RuntimeException failure) {
            if (done.compareAndSet(false, true)) {
                observer.waited(System.nanoTime() - since, true);
                onContext(() -> emitter.fail(failure));
            }
        }

        private void onContext(Runnable action) {
            if (context == null || Vertx.currentContext() == context) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }
    }
}
