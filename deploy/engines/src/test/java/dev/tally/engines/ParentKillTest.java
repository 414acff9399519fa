package dev.tally.engines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** An engine must not outlive the JVM that started it, even when that JVM is killed with SIGKILL. */
class ParentKillTest {

    @Test
    void killingTheParentJvmWithSigkillStopsItsEngines() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnginesChild.class.getName())
                .redirectErrorStream(true)
                .start();
        Map<String, String> report = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while (report.size() < 3 && (line = out.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space > 0 && List.of("PIDS", "PORTS", "DIRS").contains(line.substring(0, space))) {
                    report.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            assertNotNull(report.get("PORTS"), "child JVM started its engines");
            List<ProcessHandle> engineProcesses = Arrays.stream(report.get("PIDS").split(" "))
                    .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
                    .toList();
            assertTrue(engineProcesses.size() >= 3, "two hosts and a postmaster at least: " + report.get("PIDS"));

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));

            long deadline = System.currentTimeMillis() + 15_000;
            while (engineProcesses.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            long gone = 15_000 - (deadline - System.currentTimeMillis());
            System.out.println("Engines gone " + gone + " ms after their parent was killed");
            for (ProcessHandle p : engineProcesses) {
                assertFalse(p.isAlive(), "orphan still running: " + p.pid() + " " + p.info().commandLine().orElse(""));
            }
            for (String port : report.get("PORTS").split(" ")) {
                assertFalse(Ports.isListening(Integer.parseInt(port)), "port " + port + " still open");
            }
            for (String dir : report.get("DIRS").split(" ")) {
                assertFalse(java.nio.file.Files.exists(Path.of(dir)),
                        "the killed parent cannot delete its temporary engine directory, so its host does: " + dir);
            }
        } finally {
            child.destroyForcibly();
            // Should the assertions above fail, leave no litter.
            for (String dir : report.getOrDefault("DIRS", "").split(" ")) {
                if (!dir.isBlank()) {
                    Engine.deleteTree(Path.of(dir));
                }
            }
        }
    }

    @Test
    void killingThePostgresHostWithSigkillStopsThePostmaster() throws Exception {
        try (PostgresEngine postgres = PostgresEngine.temporary()) {
            postgres.start();
            ProcessHandle host = postgres.hostProcess().orElseThrow();
            List<ProcessHandle> server = host.children().toList();
            assertFalse(server.isEmpty(), "the postmaster runs as a child of its host");

            host.destroyForcibly(); // SIGKILL: the host cannot stop the server itself
            long deadline = System.currentTimeMillis() + 15_000;
            while (server.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            for (ProcessHandle p : server) {
                assertFalse(p.isAlive(), "postmaster outlived its host: " + p.pid());
            }
            assertFalse(Ports.isListening(postgres.port()), "port still open");
        }
    }
}
