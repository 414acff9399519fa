package dev.tally.projection.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting between retries on a consumer thread, shared by the live and the rebuild consumers. */
final class Pause {

    private Pause() {
    }

    /** Sleeps up to {@code duration}, waking early once {@code running} turns false (a stop must not wait it out). */
    static void whileRunning(BooleanSupplier running, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (running.getAsBoolean() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The next back-off: twice the last, at most {@code max}. */
    static Duration doubled(Duration backoff, Duration max) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
