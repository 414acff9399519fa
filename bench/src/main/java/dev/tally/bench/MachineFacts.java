package dev.tally.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.engines.KafkaEngine;

/** What the numbers were measured on: cores, CPU, memory, JVM, kernel, Kafka version, repo commit, load at start. */
final class MachineFacts {

    private MachineFacts() {
    }

    /** Facts every benchmark reports; each adds what it ran (services, load generator) itself. */
    static void collect(Map<String, String> facts) {
        facts.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        facts.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)"));
        facts.put("memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(.+)"));
        facts.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("Kafka", kafkaVersion() + " (single KRaft node, temporary)");
        facts.put("commit", System.getProperty("bench.commit", "unknown"));
        facts.put("load average at start", firstMatch(Path.of("/proc/loadavg"), "^(\\S+ \\S+ \\S+)"));
    }

    static String vertxVersion() {
        return io.vertx.core.impl.launcher.commands.VersionCommand.getVersion();
    }

    /** From the engine host's classpath listing (the broker is not on our own classpath). */
    static String kafkaVersion() {
        try (InputStream in = KafkaEngine.class.getClassLoader().getResourceAsStream("dev/tally/engines/host-classpath.txt")) {
            if (in == null) {
                return "unknown";
            }
            Matcher m = Pattern.compile("kafka_[0-9.]+-([0-9][^/\\\\:]*?)\\.jar").matcher(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String loadAverage() {
        return firstMatch(Path.of("/proc/loadavg"), "^(\\S+ \\S+ \\S+)");
    }

    private static String firstMatch(Path file, String regex) {
        try {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
            return m.find() ? m.group(1).trim() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
