package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} command-line options as every benchmark takes them ({@code --flag} alone means true). */
final class BenchArgs {

    private final Map<String, String> given = new HashMap<>();

    BenchArgs(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            String[] kv = arg.substring(2).split("=", 2);
            given.put(kv[0], kv.length == 2 ? kv[1] : "true");
        }
    }

    String string(String name, String fallback) {
        return given.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, String.valueOf(fallback)));
    }

    long number(String name, long fallback) {
        return Long.parseLong(string(name, String.valueOf(fallback)));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(number(name, fallback));
    }

    /** The repository root: {@code --repo}, else {@code -Dtally.repo}, else the working directory. */
    Path repo() {
        return Path.of(string("repo", System.getProperty("tally.repo", "."))).toAbsolutePath().normalize();
    }

    Path outDir(Path repo) {
        return Path.of(string("out", repo.resolve("bench/results").toString()));
    }
}
