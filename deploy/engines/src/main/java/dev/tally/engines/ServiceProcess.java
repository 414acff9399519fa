package dev.tally.engines;

import dev.tally.engines.host.HostLifecycle;
import dev.tally.engines.host.ParentWatchAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Quarkus service run from its {@code quarkus-run.jar} as a watched child process:
 * {@code java <jvm options> -javaagent:<parent-watch> -jar quarkus-run.jar}. Its stdin is a pipe from this JVM, and
 * the agent ({@link ParentWatchAgent}) exits the service gracefully when that pipe closes, so a service never outlives
 * whoever started it, even after a {@code kill -9}. Used by the local launcher, the benchmarks and the system tests.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Path logFile;
    private final List<String> jvmOptions;
    private Process process;
    private long startedAtNanos;

    /**
     * @param name       for messages, e.g. {@code write-side}
     * @param jar        the service's {@code target/quarkus-app/quarkus-run.jar}
     * @param port       its HTTP port (passed as {@code QUARKUS_HTTP_PORT})
     * @param logFile    stdout and stderr are appended here
     * @param jvmOptions e.g. {@code -Xmx512m}
     */
    public ServiceProcess(String name, Path jar, int port, Path logFile, List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the service with {@code env} added to this JVM's environment; returns at once (see {@link #awaitReady}). */
    public synchronized void start(Map<String, String> env) throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(Detached.prefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-javaagent:" + agentJar(logFile.toAbsolutePath().getParent()));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(jar.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        startedAtNanos = System.nanoTime();
        process = pb.start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAtNanos);
    }

    /** True when {@code /q/health/ready} answers 200 with status UP. */
    public boolean isReady() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until ready; fails with the tail of the log if the process dies or the timeout passes. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (!isAlive()) {
                throw new IOException(name + " exited while starting; last lines of " + logFile + ":\n" + tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " not ready after " + timeout + "; last lines of " + logFile + ":\n" + tail(40));
            }
            Thread.sleep(200);
        }
    }

    /**
     * Graceful stop: SIGTERM (Quarkus shuts down cleanly), SIGKILL after {@code grace}. True if the process exited by
     * itself within the grace period (or was not running).
     */
    public synchronized boolean stop(Duration grace) {
        if (process == null) {
            return true;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** {@code kill -9}: no shutdown hooks, nothing flushed. For fault tests. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Writes (once per directory) the {@code -javaagent} jar holding {@link ParentWatchAgent}, from our own classes. */
    public static synchronized Path agentJar(Path dir) throws IOException {
        Path jar = dir.resolve("parent-watch-agent.jar");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "agent-", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ParentWatchAgent.class.getName());
        try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : List.of(ParentWatchAgent.class, HostLifecycle.class)) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("class file not found: " + entry);
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
