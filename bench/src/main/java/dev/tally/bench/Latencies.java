package dev.tally.bench;

import java.util.Arrays;

/** Latencies of one phase in nanoseconds; callers on several event-loop threads, hence synchronized. */
final class Latencies {

    private long[] values = new long[4096];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Summary(size, millis(sorted, 0.50), millis(sorted, 0.90), millis(sorted, 0.99),
                size == 0 ? 0 : sorted[size - 1] / 1e6, size == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** Count and percentiles in milliseconds. */
    record Summary(long count, double p50, double p90, double p99, double max, double mean) {
    }
}
