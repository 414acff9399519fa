package dev.tally.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tally.engines.Ports;

/** What must hold before anything starts: the services are built and every port is free. */
final class Preflight {

    private Preflight() {
    }

    /** The service builds (jars, or native executables) that are not there. */
    static List<Path> missingArtifacts(Settings settings) {
        return settings.services().stream().map(s -> s.artifact(settings.repo(), settings.nativeServices()).path())
                .filter(a -> settings.nativeServices() ? !Files.isExecutable(a) : !Files.isRegularFile(a)).toList();
    }

    /** Says how to build what is missing. */
    static void reportMissing(Settings settings, List<Path> missing) {
        System.err.println("Not built yet: " + missing + System.lineSeparator()
                + (settings.nativeServices()
                ? "Run ./run-local --native (it builds first, with GraalVM/Mandrel 25 in GRAALVM_HOME) or"
                        + " ./mvnw package -Dnative -DskipTests."
                : "Run ./run-local (it builds first) or ./mvnw package -DskipTests."));
    }

    /** True if every port this run would listen on is free; otherwise says which are taken, and by whom. */
    static boolean portsFree(Settings settings, boolean enginesOnly) {
        return portsFree(settings, enginesOnly, false);
    }

    /** As above, and Prometheus' port when {@code prometheus} ({@code --prometheus}). */
    static boolean portsFree(Settings settings, boolean enginesOnly, boolean prometheus) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        if (prometheus) {
            wanted.put(settings.prometheusPort(), "Prometheus (TALLY_PROMETHEUS_PORT)");
        }
        if (settings.externalKafka().isEmpty()) {
            wanted.put(settings.kafkaPort(), "Kafka (TALLY_KAFKA_PORT)");
            wanted.put(settings.kafkaControllerPort(), "Kafka controller (TALLY_KAFKA_PORT + 1)");
        }
        if (settings.externalDb().isEmpty()) {
            wanted.put(settings.pgPort(), "PostgreSQL (TALLY_PG_PORT)");
        }
        if (!enginesOnly) {
            settings.services().forEach(s -> wanted.put(s.port(), s.name()));
        }
        boolean allFree = true;
        for (Map.Entry<Integer, String> e : wanted.entrySet()) {
            if (!Ports.isFree(e.getKey())) {
                allFree = false;
                System.err.println("Port " + e.getKey() + " for " + e.getValue() + " is already in use." + whoListens(e.getKey()));
            }
        }
        if (!allFree) {
            System.err.println("Nothing was started. Stop the program using the port (is another Tally still running?),"
                    + " or pick other engine ports with TALLY_KAFKA_PORT / TALLY_PG_PORT.");
        }
        return allFree;
    }

    /** Best effort: names the process on the port, where {@code ss} exists. */
    private static String whoListens(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes()).trim();
            if (ss.waitFor(5, TimeUnit.SECONDS) && ss.exitValue() == 0 && !out.isEmpty()) {
                return System.lineSeparator() + "  " + out.lines().collect(Collectors.joining(System.lineSeparator() + "  "));
            }
        } catch (IOException e) {
            // No ss here: the port number alone must do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }
}
