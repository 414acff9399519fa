package dev.tally.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.tally.engines.Detached;
import dev.tally.engines.host.HostLifecycle;
import dev.tally.engines.host.ParentWatchAgent;

/**
 * The write service as a child process: {@code java -Xmx512m -javaagent:<parent-watch> -jar quarkus-run.jar}. Its
 * stdin is a pipe from us: closing it ({@link #stop()}) or our death in any way makes it shut down (see
 * {@link ParentWatchAgent}), so it never outlives the benchmark.
 */
final class WriteService implements AutoCloseable {

    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m");

    private final Path jar;
    private final Path agentJar;
    private final Path logFile;
    private Process process;

    WriteService(Path jar, Path workDir, Path logFile) throws IOException {
        this.jar = jar;
        this.agentJar = writeAgentJar(workDir);
        this.logFile = logFile;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-write-service"));
    }

    synchronized void start(Map<String, String> env) throws IOException {
        if (process != null) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new ArrayList<>(Detached.prefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-javaagent:" + agentJar);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
    }

    synchronized Optional<ProcessHandle> handle() {
        return Optional.ofNullable(process).filter(Process::isAlive).map(Process::toHandle);
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (EOF on stdin), then SIGTERM, then SIGKILL; returns when the process is gone. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // Closed already: the service sees EOF anyway.
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    Path logFile() {
        return logFile;
    }

    /** The {@code -javaagent} jar holding {@link ParentWatchAgent}, built from our own classpath. */
    private static Path writeAgentJar(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve("parent-watch-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ParentWatchAgent.class.getName());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
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
        return jar;
    }
}
