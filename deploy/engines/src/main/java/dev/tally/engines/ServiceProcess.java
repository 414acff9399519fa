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
 * A Quarkus service run as a watched child process, from its JVM build or its native executable
 * ({@link ServiceArtifact}); either way it never outlives whoever started it, even after a {@code kill -9}:
 *
 * <ul>
 *   <li>JVM (the default): {@code java <jvm options> -javaagent:<parent-watch> -jar quarkus-run.jar}. Its stdin is a
 *       pipe from this JVM, and the agent ({@link ParentWatchAgent}) exits the service gracefully when that pipe
 *       closes.</li>
 *   <li>Native: {@code <runner> <runtime options>}, started directly, so {@link #pid()}, {@link #kill()} and
 *       {@link #stop} act on the service itself. A native executable cannot load an agent, so a tiny watcher process
 *       ({@code sh}, see {@link #WATCHER_SCRIPT}) holds the stdin pipe from this JVM instead: when the pipe closes it
 *       sends SIGTERM to the service (the same graceful stop), and SIGKILL if it is still running after
 *       {@value #WATCHER_GRACE_SECONDS} s. The watcher is stopped with the service, and as soon as the service
 *       exits by itself; it also checks the process's start time before signalling, so it never hits a reused pid.</li>
 * </ul>
 *
 * Used by the benchmarks, the system tests and the fault tests.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Seconds the watcher of a native service waits after SIGTERM before it sends SIGKILL (as the agent's halt). */
    static final int WATCHER_GRACE_SECONDS = 30;

    /**
     * The watcher of a native service, run as {@code sh -c WATCHER_SCRIPT tally-watch <grace seconds>}. Its first
     * line on stdin is the service's pid; it notes the process's start time (field 22 of {@code /proc/<pid>/stat},
     * which a reused pid would not have), then blocks on stdin with the shell's own {@code read} (no child process).
     * EOF means this JVM is gone: SIGTERM to the service if it is still the same process, SIGKILL after the grace.
     */
    static final String WATCHER_SCRIPT = """
            grace=$1
            read -r pid || exit 0
            started() {
                read -r s 2>/dev/null < "/proc/$pid/stat" || return 1
                r=${s##*) }
                set -- $r
                [ "$1" != Z ] && echo "${20}"
            }
            start=$(started) || exit 0
            while read -r _; do :; done
            alive() { [ "$(started)" = "$start" ]; }
            alive || exit 0
            echo "Parent process gone: SIGTERM to native service $pid"
            kill -TERM "$pid" 2>/dev/null
            i=0
            while alive && [ $i -lt $((grace * 10)) ]; do sleep 0.1; i=$((i + 1)); done
            if alive; then echo "Native service $pid did not stop within $grace s: SIGKILL"; kill -KILL "$pid"; fi
            """;

    private final String name;
    private final ServiceArtifact artifact;
    private final int port;
    private final Path logFile;
    /** {@link #runVia}: a command prefix (e.g. {@code ip netns exec <ns>}) and the address it is reached at. */
    private volatile List<String> launchPrefix = List.of();
    private volatile String address = "127.0.0.1";
    private Process process;
    /** A native service's watcher (see {@link #WATCHER_SCRIPT}); null in JVM mode. Holds the pipe: keep it. */
    private Process watcher;
    private long startedAtNanos;

    /**
     * @param name       for messages, e.g. {@code write-side}
     * @param jar        the service's {@code target/quarkus-app/quarkus-run.jar}
     * @param port       its HTTP port (passed as {@code QUARKUS_HTTP_PORT})
     * @param logFile    stdout and stderr are appended here
     * @param jvmOptions e.g. {@code -Xmx512m}
     */
    public ServiceProcess(String name, Path jar, int port, Path logFile, List<String> jvmOptions) {
        this(name, ServiceArtifact.jvm(jar, jvmOptions), port, logFile);
    }

    /**
     * @param name     for messages, e.g. {@code write-side}
     * @param artifact the JVM build or native executable to run, with its options
     * @param port     its HTTP port (passed as {@code QUARKUS_HTTP_PORT})
     * @param logFile  stdout and stderr are appended here (also the watcher's lines, for a native service)
     */
    public ServiceProcess(String name, ServiceArtifact artifact, int port, Path logFile) {
        this.name = name;
        this.artifact = artifact;
        this.port = port;
        this.logFile = logFile;
    }

    public ServiceArtifact artifact() {
        return artifact;
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
        return "http://" + address + ":" + port;
    }

    /**
     * Before {@link #start}: runs the service through {@code prefix} (e.g. {@code ip netns exec tally-loss}, which execs
     * the service in place, so {@link #pid()} stays the service's) and reaches it at {@code address} (where Quarkus,
     * listening on all addresses in production mode, is seen from here). Returns this process.
     */
    public ServiceProcess runVia(List<String> prefix, String address) {
        this.launchPrefix = List.copyOf(prefix);
        this.address = address;
        return this;
    }

    /** Starts the service with {@code env} added to this JVM's environment; returns at once (see {@link #awaitReady}). */
    public synchronized void start(Map<String, String> env) throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (artifact.isNative() && !Files.isExecutable(artifact.path())) {
            throw new IOException(name + ": native executable " + artifact.path() + " is missing or not executable"
                    + " (build it with ./mvnw package -Dnative)");
        }
        ProcessBuilder pb = new ProcessBuilder(command())
                .directory(artifact.path().toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        if (!artifact.isNative()) {
            startedAtNanos = System.nanoTime();
            process = pb.start();
            return;
        }
        // Native: the watcher first, so the service is watched from the moment its pid exists.
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process watch = new ProcessBuilder(watcherCommand())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        Process service;
        try {
            startedAtNanos = System.nanoTime();
            service = pb.start();
        } catch (IOException e) {
            watch.destroyForcibly();
            throw e;
        }
        try {
            OutputStream toWatcher = watch.getOutputStream();
            toWatcher.write((service.pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            toWatcher.flush(); // and never closed while we live: its EOF is the signal
        } catch (IOException e) {
            service.destroyForcibly();
            watch.destroyForcibly();
            throw new IOException(name + ": could not start the watcher of the native service", e);
        }
        // A service that exits by itself takes its watcher along.
        service.onExit().thenRun(watch::destroyForcibly);
        process = service;
        watcher = watch;
    }

    /** The service's command line: the {@link #runVia} prefix, the optional {@code setsid}, then the service. */
    List<String> command() throws IOException {
        List<String> command = new ArrayList<>(launchPrefix);
        command.addAll(Detached.prefix());
        if (artifact.isNative()) {
            command.add(artifact.path().toAbsolutePath().toString());
            command.addAll(artifact.options());
            return command;
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(artifact.options());
        command.add("-javaagent:" + agentJar(logFile.toAbsolutePath().getParent()));
        command.add("-jar");
        command.add(artifact.path().toString());
        return command;
    }

    private static List<String> watcherCommand() {
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of("/bin/sh", "-c", WATCHER_SCRIPT, "tally-watch", String.valueOf(WATCHER_GRACE_SECONDS)));
        return command;
    }

    /** The watcher's pid while a native service runs, else -1 (for tests). */
    synchronized long watcherPid() {
        return watcher == null || !watcher.isAlive() ? -1 : watcher.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code of a service that has ended (by itself or killed), or -1 while it runs or before it started. */
    public synchronized int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
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
        } finally {
            stopWatcher();
        }
        return false;
    }

    /** {@code kill -9} of the service process itself: no shutdown hooks, nothing flushed. For fault tests. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
        stopWatcher();
    }

    private void stopWatcher() {
        if (watcher != null) {
            watcher.destroyForcibly();
            watcher = null;
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
