package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Options of the live benchmark, {@code --name=value}. Defaults give the full run (about 15 minutes on 2 cores);
 * {@code --quick} is a smoke run with short phases, three rates and three client counts; {@code --floor-only} measures
 * the engines' floor alone, at every rate of {@code rates}.
 */
record LiveOptions(Path repo, Path servicesFrom, Path outDir, List<Double> rates, int poolAccounts,
                   Duration rateWarmup, Duration rateMeasure, double saturationP99Millis, double statementsRate,
                   double warmupRate, Duration warmupWindow, Duration warmupMax, double steadyChange, double steadyJit,
                   List<Integer> levels, Duration closedWarmup, Duration closedMeasure, int zipfAccounts,
                   double zipfExponent, Duration floorWarmup, boolean floorOnly, boolean quick, String command) {

    static LiveOptions parse(String[] args) {
        BenchArgs given = new BenchArgs(args);
        boolean quick = given.flag("quick");
        Path repo = given.repo();
        return new LiveOptions(
                repo,
                Path.of(given.string("services-from", repo.toString())).toAbsolutePath().normalize(),
                given.outDir(repo),
                list(given.string("rates", quick ? "100,200,500" : "100,200,500,1000,2000"), Double::parseDouble),
                given.integer("pool", 200),
                given.seconds("rate-warmup", quick ? 3 : 5),
                given.seconds("rate-measure", quick ? 8 : 20),
                given.number("saturation-p99", 2000),
                given.number("statements-rate", 200),
                given.number("warmup-rate", 100),
                given.seconds("warmup-window", quick ? 5 : 10),
                given.seconds("warmup-max", quick ? 30 : 600),
                Double.parseDouble(given.string("steady-change", "0.10")),
                Double.parseDouble(given.string("steady-jit", "0.05")),
                list(given.string("clients", quick ? "1,8,32" : "1,4,8,16,32"), Integer::parseInt),
                given.seconds("closed-warmup", quick ? 1 : 3),
                given.seconds("closed-measure", quick ? 4 : 10),
                given.integer("zipf-accounts", 1000),
                Double.parseDouble(given.string("zipf-s", "1.0")),
                given.seconds("floor-warmup", quick ? 10 : 60),
                given.flag("floor-only"),
                quick,
                System.getProperty("bench.command", "bench/run-live-bench.sh " + String.join(" ", args)).trim());
    }

    int maxClients() {
        return levels.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private static <T> List<T> list(String csv, java.util.function.Function<String, T> parse) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(parse).toList();
    }
}
