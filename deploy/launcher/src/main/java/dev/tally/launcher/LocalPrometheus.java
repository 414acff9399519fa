package dev.tally.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tally.engines.Engine;

/**
 * {@code ./run-local --prometheus}: the machine's Prometheus (Debian's {@code prometheus} package) scraping the four
 * services' {@code /q/metrics} every 5 s, with Tally's alert rules (deploy/observability/tally-alerts.yaml) loaded,
 * listening on 127.0.0.1:{@code TALLY_PROMETHEUS_PORT} (9090), data in {@code TALLY_HOME/prometheus}. Stopped with
 * the run (SIGTERM); like any child that is not an engine host it outlives a {@code kill -9} of the launcher.
 */
final class LocalPrometheus {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private Process process;

    LocalPrometheus(Settings settings) {
        this.settings = settings;
    }

    /** The scrape configuration for the services and the rule file, in Prometheus' YAML. */
    static String config(List<Settings.Service> services, Path rules) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by ./run-local --prometheus at each start; edits are lost.\n");
        out.append("global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\n");
        out.append("rule_files:\n  - '").append(rules.toAbsolutePath()).append("'\n");
        out.append("scrape_configs:\n");
        for (Settings.Service s : services) {
            out.append("  - job_name: '").append(s.name()).append("'\n")
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['127.0.0.1:").append(s.port()).append("']\n");
        }
        return out.toString();
    }

    String url() {
        return "http://127.0.0.1:" + settings.prometheusPort();
    }

    /** Starts Prometheus and waits until it is ready; false (after saying why) if it is missing or fails. */
    boolean start() throws IOException {
        Path dir = settings.home().resolve("prometheus");
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, config(settings.services(),
                settings.repo().resolve("deploy/observability/tally-alerts.yaml")));
        Path log = settings.logs().resolve("prometheus.log");
        long begin = System.nanoTime();
        try {
            process = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + settings.prometheusPort(),
                    "--storage.tsdb.retention.time=2d")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            System.err.println("--prometheus: the prometheus command is missing; install Debian's prometheus package"
                    + " (apt-get install prometheus).");
            return false;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                System.err.println("Prometheus exited with code " + process.exitValue() + ". Last lines of " + log
                        + ":" + System.lineSeparator() + Engine.tail(log, 20));
                return false;
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    Console.ready("prometheus", url(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep();
        }
        System.err.println("Prometheus not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log);
        return false;
    }

    void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            System.out.println("  prometheus stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
