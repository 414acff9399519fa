package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options, {@code --name=value}. Defaults give the full run (about 6 minutes on 2 cores);
 * {@code --quick} shortens every phase for a smoke test (its numbers are not worth committing).
 */
record Options(Path repo, Path outDir, List<Integer> levels, int mainClients, Duration warmup, Duration measure,
               Duration mainWarmup, Duration mainMeasure, Duration serviceWarmup, int longStream,
               int snapshotRequests, boolean idempotencyKeys, boolean quick, String command) {

    static Options parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            String[] kv = arg.substring(2).split("=", 2);
            given.put(kv[0], kv.length == 2 ? kv[1] : "true");
        }
        boolean quick = Boolean.parseBoolean(given.getOrDefault("quick", "false"));
        Path repo = Path.of(given.getOrDefault("repo", System.getProperty("tally.repo", "."))).toAbsolutePath().normalize();
        Options options = new Options(
                repo,
                Path.of(given.getOrDefault("out", repo.resolve("bench/results").toString())),
                Arrays.stream(given.getOrDefault("levels", "1,4,8,16").split(",")).map(String::trim)
                        .map(Integer::parseInt).toList(),
                Integer.parseInt(given.getOrDefault("clients", "8")),
                seconds(given, "warmup", quick ? 2 : 3),
                seconds(given, "measure", quick ? 4 : 12),
                seconds(given, "main-warmup", quick ? 2 : 5),
                seconds(given, "main-measure", quick ? 6 : 20),
                seconds(given, "service-warmup", quick ? 3 : 10),
                Integer.parseInt(given.getOrDefault("long-stream", quick ? "2000" : "10000")),
                Integer.parseInt(given.getOrDefault("snapshot-requests", quick ? "40" : "200")),
                Boolean.parseBoolean(given.getOrDefault("idempotency-keys", "false")),
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

    private static Duration seconds(Map<String, String> given, String name, int fallback) {
        return Duration.ofSeconds(Long.parseLong(given.getOrDefault(name, String.valueOf(fallback))));
    }
}
