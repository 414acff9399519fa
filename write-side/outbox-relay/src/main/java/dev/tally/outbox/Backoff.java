package dev.tally.outbox;

import java.time.Duration;

/** Exponential back-off between failed batches: {@code min}, doubling up to {@code max}, back to {@code min} on reset. */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
        this.next = min;
    }

    Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    void reset() {
        next = min;
    }
}
