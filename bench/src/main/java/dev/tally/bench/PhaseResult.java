package dev.tally.bench;

import java.util.List;

/**
 * What one measured phase produced. Throughput counts successful requests that completed inside the measurement
 * window; errors count every failed request of the phase, warm-up included.
 *
 * @param targetRate requests per second an open-loop phase was scheduled at, 0 for a closed loop
 */
record PhaseResult(String name, int clients, double seconds, long completed, long errors, List<String> errorSamples,
                   Latencies.Summary latency, double targetRate, CpuMeter.Usage cpu) {

    double throughput() {
        return completed / seconds;
    }

    PhaseResult withCpu(CpuMeter.Usage usage) {
        return new PhaseResult(name, clients, seconds, completed, errors, errorSamples, latency, targetRate, usage);
    }

    /** With {@code more} errors that happened off the requests' path (counted, not sampled). */
    PhaseResult withErrors(long more) {
        return new PhaseResult(name, clients, seconds, completed, errors + more, errorSamples, latency, targetRate,
                cpu);
    }
}
