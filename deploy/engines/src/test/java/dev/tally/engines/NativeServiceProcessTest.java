package dev.tally.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native path of {@link ServiceProcess}, with a stand-in executable ({@link StandInNative}) since no GraalVM
 * exists here: the executable is the service process itself (pid, kill -9, SIGTERM), takes its runtime options, and
 * dies when the JVM that started it is killed with SIGKILL. JVM mode keeps its command line.
 */
class NativeServiceProcessTest {

    @TempDir
    Path dir;

    @Test
    void theExecutableIsTheServiceProcessAndKillIsKillMinus9OfIt() throws Exception {
        Path runner = StandInNative.write(dir.resolve("target"));
        Path log = dir.resolve("logs/stand-in.log");
        ServiceProcess service = new ServiceProcess("stand-in",
                ServiceArtifact.nativeExecutable(runner, List.of("-Xmx64m", "-Dtally.probe=yes")),
                Ports.freeLoopbackPort(), log);
        try {
            service.start(Map.of());
            service.awaitReady(Duration.ofSeconds(90));
            long pid = service.pid();
            assertEquals(pid, StandInNative.printedPid(log), "pid() is the process that serves, not a wrapper");
            assertTrue(Files.readString(log).contains("ARGS -Xmx64m -Dtally.probe=yes"), Files.readString(log));
            long watcher = service.watcherPid();
            assertTrue(watcher > 0 && ProcessHandle.of(watcher).map(ProcessHandle::isAlive).orElse(false),
                    "a watcher runs beside the native service");

            service.kill();
            assertFalse(alive(pid), "kill() ended the service process");
            assertFalse(service.isAlive());
            assertFalse(Ports.isListening(service.port()), "port closed");
            assertTrue(awaitGone(watcher, 5_000), "the watcher goes with the service");
            assertFalse(Files.readString(log).contains("graceful stop"), "kill -9 runs no shutdown hook");
        } finally {
            service.kill();
        }
    }

    @Test
    void stopIsSigtermAndTheServiceStopsGracefully() throws Exception {
        Path runner = StandInNative.write(dir.resolve("target"));
        Path log = dir.resolve("logs/stand-in.log");
        ServiceProcess service = new ServiceProcess("stand-in", ServiceArtifact.nativeExecutable(runner, List.of()),
                Ports.freeLoopbackPort(), log);
        try {
            service.start(Map.of());
            service.awaitReady(Duration.ofSeconds(90));
            long pid = service.pid();
            long watcher = service.watcherPid();
            assertTrue(service.stop(Duration.ofSeconds(20)), "exited by itself on SIGTERM");
            assertFalse(alive(pid));
            assertTrue(awaitGone(watcher, 5_000), "the watcher goes with the service");
            assertTrue(Files.readString(log).contains("graceful stop"), "SIGTERM ran the shutdown hooks");
            assertFalse(Files.readString(log).contains("Parent process gone"), "the watcher did not fire");
        } finally {
            service.kill();
        }
    }

    @Test
    void aNativeServiceDiesWithTheJvmThatStartedItEvenAfterSigkill() throws Exception {
        Path runner = StandInNative.write(dir.resolve("target"));
        Path log = dir.resolve("logs/stand-in.log");
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NativeServiceChild.class.getName(), runner.toString(),
                log.toString())
                .redirectErrorStream(true)
                .start();
        long servicePid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            String line;
            String[] report = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("SERVICE ")) {
                    report = line.substring(8).trim().split(" ");
                    break;
                }
            }
            assertNotNull(report, "the parent JVM started the stand-in");
            servicePid = Long.parseLong(report[0]);
            int port = Integer.parseInt(report[1]);
            long watcherPid = Long.parseLong(report[2]);
            assertTrue(alive(servicePid) && alive(watcherPid));
            assertEquals(servicePid, StandInNative.printedPid(log));

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            long killed = System.currentTimeMillis();
            assertTrue(awaitGone(servicePid, 15_000), "orphan still running: " + servicePid);
            System.out.println("Native stand-in gone " + (System.currentTimeMillis() - killed)
                    + " ms after its parent JVM was killed");
            assertTrue(awaitGone(watcherPid, 5_000), "the watcher exits too");
            assertFalse(Ports.isListening(port), "port " + port + " still open");
            String text = Files.readString(log);
            assertTrue(text.contains("Parent process gone: SIGTERM to native service " + servicePid), text);
            assertTrue(text.contains("graceful stop"), "the service got SIGTERM, so it stopped gracefully: " + text);
        } finally {
            parent.destroyForcibly();
            if (servicePid > 0) {
                ProcessHandle.of(servicePid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aMissingExecutableIsAClearError() {
        ServiceProcess service = new ServiceProcess("write-side",
                ServiceArtifact.nativeExecutable(dir.resolve("tally-write-side-0.1.0-SNAPSHOT-runner"), List.of()),
                Ports.freeLoopbackPort(), dir.resolve("w.log"));
        IOException e = assertThrows(IOException.class, () -> service.start(Map.of()));
        assertTrue(e.getMessage().contains("tally-write-side-0.1.0-SNAPSHOT-runner"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dnative"), e.getMessage());
    }

    @Test
    void jvmModeIsUnchanged() throws Exception {
        Path jar = dir.resolve("quarkus-app/quarkus-run.jar");
        ServiceProcess service = new ServiceProcess("write-side", jar, 8080, dir.resolve("logs/w.log"),
                List.of("-Xmx384m", "-XX:+UseSerialGC"));
        List<String> command = service.command();
        List<String> tail = command.subList(command.size() - 5, command.size());
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                command.get(command.size() - 6));
        assertEquals(List.of("-Xmx384m", "-XX:+UseSerialGC"), tail.subList(0, 2));
        assertTrue(tail.get(2).startsWith("-javaagent:") && tail.get(2).endsWith("parent-watch-agent.jar"), tail.get(2));
        assertEquals(List.of("-jar", jar.toString()), tail.subList(3, 5));
        assertEquals(ServiceArtifact.Kind.JVM, service.artifact().kind());
        assertEquals(List.of("-Xmx384m"), ServiceArtifact.nativeOptionsFor(List.of("-Xmx384m", "-XX:+UseSerialGC")));
        assertEquals(List.of("-Xms256m", "-Xmx512m", "-Dquarkus.log.level=INFO"),
                ServiceArtifact.nativeOptionsFor(List.of("-Xms256m", "-Xmx512m", "-Dquarkus.log.level=INFO")));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean awaitGone(long pid, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (alive(pid) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return !alive(pid);
    }
}
