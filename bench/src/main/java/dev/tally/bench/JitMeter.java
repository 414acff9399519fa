package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time of the JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre}) of the services' JVMs, from
 * /proc/<pid>/task: what separates warming up from steady state. A JVM keeps compiling for minutes after it is
 * ready, and on two cores shared by four JVMs that compiling is most of the CPU for a while.
 */
final class JitMeter {

    private final List<Supplier<Optional<ProcessHandle>>> jvms;

    JitMeter(List<Supplier<Optional<ProcessHandle>>> jvms) {
        this.jvms = jvms;
    }

    /** Compiler threads' CPU seconds so far, all JVMs together. */
    double seconds() {
        long ticks = 0;
        for (Supplier<Optional<ProcessHandle>> jvm : jvms) {
            ticks += jvm.get().map(p -> compilerTicks(p.pid())).orElse(0L);
        }
        return ticks / 100.0; // USER_HZ
    }

    private static long compilerTicks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(JitMeter::ticksIfCompiler).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksIfCompiler(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (!stat.substring(open + 1, close).contains("CompilerThre")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
