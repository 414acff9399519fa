package dev.tally.engines;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.tally.engines.host.HostLifecycle;

/**
 * A real engine (Kafka or PostgreSQL) running in a forked "engine host" JVM that we watch and that watches us.
 *
 * <p>The host gets a pipe as stdin and stops its engine when the pipe reaches EOF, i.e. when this JVM closes it
 * ({@link #stop()}) or dies in any way, kill -9 included. So an engine never outlives the JVM that started it.
 * The host's stdout and stderr go to {@link #logFile()}; {@link #start()} returns once the host has checked that its
 * engine serves clients.
 *
 * <p>{@link #stop()} then {@link #start()} restarts the engine on the same ports with the same data (fault tests).
 * {@link #close()} stops it for good and, for a temporary engine, deletes its directory. A JVM shutdown hook calls
 * {@link #close()}.
 */
public abstract class Engine implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 150_000;
    private static final long STOP_TIMEOUT_MILLIS = 45_000;

    private final Path dir;
    private final boolean temporary;
    private final Path logFile;
    private Process host;
    private long lastStartMillis = -1;
    private boolean hookRegistered;
    private boolean stopOnJvmExit = true;
    private boolean closed;

    protected Engine(Path dir, boolean temporary, Path logFile) {
        this.dir = dir.toAbsolutePath();
        this.temporary = temporary;
        this.logFile = logFile == null ? this.dir.resolve(name() + ".log") : logFile.toAbsolutePath();
    }

    /** Short lower-case name, used in messages and the default log file name. */
    public abstract String name();

    protected abstract String hostMainClass();

    protected abstract List<String> hostArguments();

    protected abstract List<String> hostJvmOptions();

    /** Every TCP port the engine listens on; all must be free before start and are free again after stop. */
    protected abstract List<Integer> ports();

    /** Starts the engine if it is not running and waits until it serves clients. Idempotent. */
    public synchronized Engine start() {
        if (closed) {
            throw new IllegalStateException(name() + " engine was closed");
        }
        if (isRunning()) {
            return this;
        }
        for (int port : ports()) {
            if (Ports.isListening(port)) {
                throw new EngineStartException(name() + ": port " + port + " on 127.0.0.1 is already in use"
                        + " (another " + name() + " or another program?)", "");
            }
        }
        long begin = System.nanoTime();
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logFile.getParent());
            long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
            List<String> command = new ArrayList<>(Detached.prefix());
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(hostJvmOptions());
            if (temporary) {
                command.add("-D" + HostLifecycle.TEMPORARY_DIR_PROPERTY + "=" + dir);
            }
            command.add("-cp");
            command.add(HostClasspath.get());
            command.add(hostMainClass());
            command.addAll(hostArguments());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.PIPE);
            host = pb.start();
            registerShutdownHookOnce();
            awaitReady(logOffset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        return this;
    }

    /** Stops the engine cleanly (keeps its data) and waits until its host process is gone and its ports are closed. */
    public synchronized void stop() {
        if (host == null) {
            return;
        }
        Process p = host;
        host = null;
        try (var toHost = p.getOutputStream()) {
            // "stop" then EOF: stop now and keep the data (a restart may follow).
            toHost.write((HostLifecycle.STOP_COMMAND + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The host is already gone or the pipe broke: it sees EOF anyway.
        }
        try {
            if (!p.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (ports().stream().anyMatch(Ports::isListening) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the engine for good; a temporary engine's directory is deleted. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (temporary) {
            deleteTree(dir);
        }
    }

    public synchronized boolean isRunning() {
        return host != null && host.isAlive();
    }

    /** Milliseconds the last {@link #start()} took until the engine served clients, or -1. */
    public synchronized long lastStartMillis() {
        return lastStartMillis;
    }

    /** The host JVM, while running (its descendants are the engine's own processes, if any). */
    public synchronized Optional<ProcessHandle> hostProcess() {
        return Optional.ofNullable(host).map(Process::toHandle);
    }

    public boolean isTemporary() {
        return temporary;
    }

    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitReady(long logOffset) throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (true) {
            if (logContainsReady(logOffset)) {
                return;
            }
            if (!host.isAlive()) {
                int code = host.exitValue();
                host = null;
                throw new EngineStartException(name() + " failed to start (host exited with code " + code + "); log: "
                        + logFile, tailSince(logOffset, 40));
            }
            if (System.currentTimeMillis() > deadline) {
                stop();
                throw new EngineStartException(name() + " did not become ready within " + READY_TIMEOUT_MILLIS / 1000
                        + " s; log: " + logFile, tailSince(logOffset, 40));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new EngineStartException(name() + " start interrupted", "");
            }
        }
    }

    private boolean logContainsReady(long offset) throws IOException {
        return logSince(offset).contains(HostLifecycle.READY_MARKER);
    }

    /** What the current host wrote: the log is appended to across restarts. */
    private String logSince(long offset) throws IOException {
        if (!Files.exists(logFile)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            if (f.length() <= offset) {
                return "";
            }
            f.seek(offset);
            byte[] bytes = new byte[(int) (f.length() - offset)];
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private String tailSince(long offset, int lines) {
        try {
            List<String> all = logSince(offset).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return tail(logFile, lines);
        }
    }

    /**
     * By default a JVM shutdown hook closes the engine. A caller that orders its own shutdown (the local launcher
     * stops the services before the engines) turns that off and calls {@link #close()} itself.
     */
    public synchronized Engine stopOnJvmExit(boolean enabled) {
        this.stopOnJvmExit = enabled;
        return this;
    }

    private void registerShutdownHookOnce() {
        if (stopOnJvmExit && !hookRegistered) {
            hookRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-" + name()));
        }
    }

    /** The last lines of a log, for error messages. */
    public static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
        return String.join(System.lineSeparator(), last);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a leftover temp file is not worth failing a test run for.
                }
            });
        } catch (IOException e) {
            // Same.
        }
    }

    static Path newTempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
