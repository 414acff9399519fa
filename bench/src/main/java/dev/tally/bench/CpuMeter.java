package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time of each process tree we started (load generator, write service, PostgreSQL, Kafka) and of the whole machine,
 * from /proc (Linux). The difference of two samples says who used the cores during a phase — the evidence for what
 * limits throughput on a small shared box. Times of exited children count through their parent's cutime/cstime.
 */
final class CpuMeter {

    /** USER_HZ: /proc reports CPU time in ticks of 1/100 s on every mainstream Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Supplier<Optional<ProcessHandle>>> trees = new LinkedHashMap<>();

    /** Counts this JVM alone: the processes it starts are components of their own. */
    void watchSelf(String component) {
        trees.put(component, null);
    }

    /** Counts {@code root} and all its descendants. */
    void watchTree(String component, Supplier<Optional<ProcessHandle>> root) {
        trees.put(component, root);
    }

    Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        trees.forEach((name, root) -> ticks.put(name, root == null ? processTicks(ProcessHandle.current().pid())
                : root.get().map(CpuMeter::treeTicks).orElse(0L)));
        long[] machine = machineTicks();
        return new Sample(System.nanoTime(), ticks, machine[0], machine[1], machine[2]);
    }

    /** Cores used by each component between two samples, plus the rest of the machine and its idle/iowait share. */
    static Usage between(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        double ours = 0;
        for (String name : b.ticks().keySet()) {
            double used = Math.max(0, b.ticks().get(name) - a.ticks().getOrDefault(name, 0L)) / TICKS_PER_SECOND / seconds;
            cores.put(name, used);
            ours += used;
        }
        double busy = (b.busy() - a.busy()) / TICKS_PER_SECOND / seconds;
        cores.put("other", Math.max(0, busy - ours));
        cores.put("iowait", (b.iowait() - a.iowait()) / TICKS_PER_SECOND / seconds);
        cores.put("idle", (b.idle() - a.idle()) / TICKS_PER_SECOND / seconds);
        return new Usage(cores);
    }

    private static long treeTicks(ProcessHandle root) {
        try (Stream<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants())) {
            return tree.mapToLong(p -> processTicks(p.pid())).sum();
        }
    }

    /** utime + stime + cutime + cstime of one process; 0 if it is gone. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {busy, idle, iowait} ticks summed over all CPUs, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            return new long[] {total - idle - iowait, idle, iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0, 0};
        }
    }

    record Sample(long nanos, Map<String, Long> ticks, long busy, long idle, long iowait) {

        /** CPU seconds a component's processes have used in all (their whole life, for ones started after us). */
        double cpuSeconds(String component) {
            return ticks.getOrDefault(component, 0L) / TICKS_PER_SECOND;
        }
    }

    /** Cores used per component (1.0 = one core fully busy); keys: components, then other, iowait, idle. */
    record Usage(Map<String, Double> cores) {
    }
}
