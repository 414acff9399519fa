package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Options of the read-side benchmark, {@code --name=value}. Defaults give the full run (1,000,000 events, about
 * 10 minutes on 2 cores); {@code --quick} is a smoke run on 100,000 events with short phases.
 */
record ReadOptions(Path repo, Path servicesFrom, Path outDir, long events, int accounts, long seed, int insertBatch,
                   List<ReadView> views, Duration catchUpTimeout, double rate, int poolAccounts,
                   Duration e2eWarmup, Duration e2eMeasure, boolean quick, String command) {

    static ReadOptions parse(String[] args) {
        BenchArgs given = new BenchArgs(args);
        boolean quick = given.flag("quick");
        Path repo = given.repo();
        return new ReadOptions(
                repo,
                Path.of(given.string("services-from", repo.toString())).toAbsolutePath().normalize(),
                given.outDir(repo),
                given.number("events", quick ? 100_000 : 1_000_000),
                given.integer("accounts", quick ? 2_000 : 20_000),
                given.number("seed", 42),
                given.integer("insert-batch", 500),
                Arrays.stream(given.string("views", "accounts,backoffice,audit").split(","))
                        .map(v -> ReadView.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT))).toList(),
                given.seconds("catch-up-timeout", quick ? 90 : 150),
                given.number("rate", 200),
                given.integer("pool", 200),
                given.seconds("e2e-warmup", quick ? 5 : 10),
                given.seconds("e2e-measure", quick ? 15 : 60),
                quick,
                System.getProperty("bench.command", "bench/run-read-bench.sh " + String.join(" ", args)).trim());
    }
}
