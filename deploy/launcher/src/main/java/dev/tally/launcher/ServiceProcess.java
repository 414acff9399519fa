package dev.tally.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tally.engines.Detached;

/**
 * One Quarkus service run as {@code java -javaagent:<parent-watch> -jar quarkus-run.jar}: stdin is a pipe from us
 * (EOF = launcher gone = exit), stdout and stderr go to its log file.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Settings.Service service;
    private final Path logFile;
    private Process process;
    private long startedAtNanos;

    ServiceProcess(Settings.Service service, Path logFile) {
        this.service = service;
        this.logFile = logFile;
    }

    Settings.Service service() {
        return service;
    }

    Path logFile() {
        return logFile;
    }

    void start(Path repo, Path agentJar, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(Detached.prefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + agentJar);
        command.add("-jar");
        command.add(service.jar(repo).toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(repo.resolve(service.module()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(service.port()));
        startedAtNanos = System.nanoTime();
        process = pb.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAtNanos);
    }

    String readinessUrl() {
        return "http://127.0.0.1:" + service.port() + "/q/health/ready";
    }

    /** True when {@code /q/health/ready} answers 200 with status UP. */
    boolean isReady() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(readinessUrl()))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully); SIGKILL after the grace period. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    void awaitStopped(long graceMillis) {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                System.out.println("  " + service.name() + " did not stop in time; killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
