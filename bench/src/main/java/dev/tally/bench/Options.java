package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options, {@code --name=value}. Defaults give the full run (about 6 minutes on 2 cores);
 * {@code --quick} shortens every phase for a smoke test (its numbers are not worth committing).
 */
record Options(Path repo, Path outDir, List<Integer> levels, int mainClients, Duration warmup, Duration measure,
               Duration mainWarmup, Duration mainMeasure, Duration serviceWarmup, int longStream,
               int snapshotRequests, boolean idempotencyKeys, boolean quick, String command) {

    static Options parse(String[] args) {
        BenchArgs given = new BenchArgs(args);
        boolean quick = given.flag("quick");
        Path repo = given.repo();
        Options options = new Options(
                repo,
                given.outDir(repo),
                Arrays.stream(given.string("levels", "1,4,8,16").split(",")).map(String::trim)
                        .map(Integer::parseInt).toList(),
                given.integer("clients", 8),
                given.seconds("warmup", quick ? 2 : 3),
                given.seconds("measure", quick ? 4 : 12),
                given.seconds("main-warmup", quick ? 2 : 5),
                given.seconds("main-measure", quick ? 6 : 20),
                given.seconds("service-warmup", quick ? 3 : 10),
                given.integer("long-stream", quick ? 2000 : 10000),
                given.integer("snapshot-requests", quick ? 40 : 200),
                given.flag("idempotency-keys"),
                quick,
                System.getProperty("bench.command", "bench/run-write-bench.sh " + String.join(" ", args)).trim());
        if (!options.levels().contains(options.mainClients())) {
            throw new IllegalArgumentException("--levels must include --clients (" + options.mainClients() + ")");
        }
        return options;
    }

    int maxClients() {
        return levels.stream().mapToInt(Integer::intValue).max().orElse(mainClients);
    }
}
