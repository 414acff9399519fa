package dev.tally.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one live run measured, filled in phase by phase; {@link LiveReport} renders it. */
final class LiveResults {

    /** The processes CPU is reported for, in report order; "other" is everything on the machine we did not start. */
    static final List<String> COMPONENTS = List.of("write", "accounts", "backoffice", "audit", "kafka", "postgres",
            "bench", "other");

    final Map<String, String> machine = new LinkedHashMap<>();
    WarmUp warmUp;
    final List<RatePoint> sweep = new ArrayList<>();
    /** Why the sweep stopped before its last rate, or null. */
    String sweepStopped;
    List<PgStatements.Statement> statements = List.of();
    double statementsRate;
    long statementsCommands;
    String statementsUnavailable;
    final List<ClosedRow> closed = new ArrayList<>();
    /** The engines' floor ({@link EngineFloor}) at each rate the sweep measured. */
    final List<FloorPoint> floor = new ArrayList<>();
    /** The closed-loop floor ({@link EngineFloor#deposit}) at each client count, with its own raw INSERT. */
    final List<FloorClosedRow> floorClosed = new ArrayList<>();
    double zipfHottestShare;
    final List<String> notes = new ArrayList<>();
    String failure;

    /** Highest offered rate whose acknowledged→visible p99 stayed under the goal with no failures; 0 if none. */
    double highestRateUnder(double p99Millis) {
        return sweep.stream().filter(p -> p.failures() == 0 && p.visible().count() > 0 && p.visible().p99() < p99Millis)
                .mapToDouble(RatePoint::target).max().orElse(0);
    }

    /**
     * From the first exec of a service to steady state.
     *
     * @param readyMillis     exec → ready, per service
     * @param cpuToReady      CPU seconds each service used until it was ready
     * @param windows         the fixed-rate windows, in order
     * @param steadyAfter     seconds from the first exec to the end of the window that settled it, or -1 if never
     * @param cpuToSteady     CPU seconds per component from the first exec until steady (or the last window)
     * @param commandsToSteady commands sent until then (account pool included)
     */
    record WarmUp(double rate, Map<String, Long> readyMillis, Map<String, Double> cpuToReady, List<Window> windows,
                  double steadyAfter, Map<String, Double> cpuToSteady, long commandsToSteady) {
    }

    /**
     * One warm-up window: its end in seconds since the first exec, commands, CPU ms per command per component, and the
     * cores the four services' JIT compiler threads used (part of their CPU, not on top of it).
     */
    record Window(double endSeconds, long commands, Map<String, Double> cpuMsPerCommand, double visibleP99,
                  double jitCores) {
        double total() {
            return cpuMsPerCommand.entrySet().stream().filter(e -> !e.getKey().equals("other"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    /**
     * One offered rate of the sweep.
     *
     * @param achieved        commands acknowledged / (first scheduled → last acknowledged)
     * @param command         scheduled → 2xx
     * @param visible         2xx → visible in all three views
     * @param scheduledToVisible scheduled → visible everywhere (the open loop's own latency)
     * @param cpuSeconds      the CPU window: from the idle system at the start of the measurement until every view
     *                        had folded its last command, so all the work the commands caused is in it
     * @param cpu             cores per component over that window
     * @param pg              pg_stat_database deltas over the same window
     */
    record RatePoint(double target, double achieved, long commands, Latencies.Summary command,
                     Latencies.Summary visible, Latencies.Summary scheduledToVisible, long commandFailures,
                     long viewFailures, long unavailable, List<String> errorSamples, double cpuSeconds,
                     CpuMeter.Usage cpu, Map<String, Double> pg, String saturated) {

        long failures() {
            return commandFailures + viewFailures;
        }

        /** CPU milliseconds per acknowledged command of one component. */
        double cpuMsPerCommand(String component) {
            return commands == 0 || cpu == null ? Double.NaN
                    : cpu.cores().getOrDefault(component, 0.0) * cpuSeconds * 1000 / commands;
        }

        /** Everything the benchmark started (services, engines, load generator), without other/idle. */
        double cpuMsPerCommandOurs() {
            return COMPONENTS.stream().filter(c -> !c.equals("other")).mapToDouble(this::cpuMsPerCommand).sum();
        }

        double pgPerCommand(String... counters) {
            double sum = 0;
            for (String c : counters) {
                sum += pg.getOrDefault(c, 0.0);
            }
            return commands == 0 ? Double.NaN : sum / commands;
        }
    }

    /** The sweep's point at {@code rate}, if it was measured. */
    Optional<RatePoint> sweepAt(double rate) {
        return sweep.stream().filter(p -> p.target() == rate).findFirst();
    }

    /**
     * The engines' floor at one offered rate: the same HTTP requests, commit, record and reads without the services.
     *
     * @param cpuSeconds the CPU window, from idle to idle (every floor consumer stored every record)
     */
    record FloorPoint(double target, double achieved, long commands, Latencies.Summary latency, long failures,
                      double cpuSeconds, CpuMeter.Usage cpu) {

        double cpuMsPerCommand(String component) {
            return commands == 0 ? Double.NaN
                    : cpu.cores().getOrDefault(component, 0.0) * cpuSeconds * 1000 / commands;
        }

        double cpuMsPerCommandTotal() {
            return EngineFloor.COMPONENTS.stream().mapToDouble(this::cpuMsPerCommand).sum();
        }
    }

    /** One client count of the closed-loop floor: the raw INSERT and the floor's deposits, back to back. */
    record FloorClosedRow(int clients, PhaseResult raw, PhaseResult deposits) {

        double share() {
            return raw.throughput() == 0 ? Double.NaN : deposits.throughput() / raw.throughput();
        }
    }

    /** One client count of the closed loop: the raw baseline and the two workloads, measured back to back. */
    record ClosedRow(int clients, PhaseResult raw, PhaseResult deposits, PhaseResult mixed, long mixedRejected,
                     long mixedContention) {
    }
}
