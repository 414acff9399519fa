package dev.tally.outbox;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Publish lag (commit to broker acknowledgement) percentiles in microseconds. */
@RegisterForReflection
public record LagStats(long count, long p50Micros, long p90Micros, long p99Micros, long p999Micros, long maxMicros,
                       long meanMicros) {

    public static final LagStats EMPTY = new LagStats(0, 0, 0, 0, 0, 0, 0);

    @Override
    public String toString() {
        return String.format("n=%d p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms mean=%.2fms", count,
                p50Micros / 1000.0, p90Micros / 1000.0, p99Micros / 1000.0, p999Micros / 1000.0,
                maxMicros / 1000.0, meanMicros / 1000.0);
    }
}
