package dev.tally.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinThreePercentOfTheExactOnes() {
        LatencyHistogram histogram = new LatencyHistogram();
        // 1..100000 µs once each: the exact p50 is 50000, p99 99000, p99.9 99900.
        for (long micros = 1; micros <= 100_000; micros++) {
            histogram.record(micros);
        }
        LagStats stats = histogram.snapshot();
        assertEquals(100_000, stats.count());
        assertClose(50_000, stats.p50Micros());
        assertClose(90_000, stats.p90Micros());
        assertClose(99_000, stats.p99Micros());
        assertClose(99_900, stats.p999Micros());
        assertEquals(100_000, stats.maxMicros());
        assertEquals(50_000, stats.meanMicros());
    }

    @Test
    void smallValuesAreExactAndOutliersDoNotMoveTheMedian() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.record(7);
        }
        histogram.record(5_000_000);
        LagStats stats = histogram.snapshot();
        assertEquals(7, stats.p50Micros());
        assertEquals(7, stats.p99Micros());
        assertEquals(5_000_000, stats.maxMicros());
        assertClose(5_000_000, stats.p999Micros());
    }

    @Test
    void bucketsAreContiguousAndBoundsAreMonotonic() {
        long previous = -1;
        for (int index = 0; index < 40 * 32; index++) {
            long upper = LatencyHistogram.upperBound(index);
            assertTrue(upper > previous, "bucket " + index);
            assertEquals(index, LatencyHistogram.index(upper), "upper bound of " + index + " maps back to it");
            assertEquals(index, LatencyHistogram.index(previous + 1), "lower bound of " + index + " maps to it");
            previous = upper;
        }
    }

    @Test
    void resetAndEmpty() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertEquals(LagStats.EMPTY, histogram.snapshot());
        histogram.record(-3);
        histogram.record(10);
        assertEquals(2, histogram.snapshot().count());
        assertEquals(0, histogram.snapshot().p50Micros());
        histogram.reset();
        assertEquals(LagStats.EMPTY, histogram.snapshot());
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.03, "expected ~" + expected + " but was " + actual);
    }
}
