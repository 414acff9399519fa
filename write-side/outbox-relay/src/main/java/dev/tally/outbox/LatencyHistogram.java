package dev.tally.outbox;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free latency histogram in microseconds with about 3% resolution: each power of two is split into 32 linear
 * sub-buckets. Recording is one array increment, so it can run on the Kafka producer's callback thread.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Covers up to 2^42 µs (~50 days); longer values land in the last bucket. */
    private static final int MAGNITUDES = 43;

    private final AtomicLongArray counts = new AtomicLongArray(MAGNITUDES * SUB_BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    public void record(long micros) {
        long value = Math.max(0, micros);
        counts.incrementAndGet(index(value));
        total.incrementAndGet();
        sum.addAndGet(value);
        max.accumulateAndGet(value, Math::max);
    }

    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
        total.set(0);
        sum.set(0);
        max.set(0);
    }

    public LagStats snapshot() {
        long[] copy = new long[counts.length()];
        long count = 0;
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
            count += copy[i];
        }
        if (count == 0) {
            return LagStats.EMPTY;
        }
        long maxValue = max.get();
        return new LagStats(count,
                percentile(copy, count, 0.50, maxValue),
                percentile(copy, count, 0.90, maxValue),
                percentile(copy, count, 0.99, maxValue),
                percentile(copy, count, 0.999, maxValue),
                maxValue,
                sum.get() / Math.max(1, total.get()));
    }

    /** The upper bound of the bucket holding the requested rank, capped at the largest value seen. */
    private static long percentile(long[] buckets, long count, double quantile, long maxValue) {
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), maxValue);
            }
        }
        return maxValue;
    }

    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BUCKET_BITS
        int shift = magnitude - SUB_BUCKET_BITS;
        int sub = (int) ((value >>> shift) & (SUB_BUCKETS - 1));
        int index = (shift + 1) * SUB_BUCKETS + sub;
        return Math.min(index, MAGNITUDES * SUB_BUCKETS - 1);
    }

    static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long sub = index % SUB_BUCKETS;
        return (((long) SUB_BUCKETS + sub + 1) << shift) - 1;
    }
}
