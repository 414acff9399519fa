package dev.tally.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service JVM started with the agent must end when its parent closes the stdin pipe (the launcher died). */
class ParentWatchAgentJarTest {

    @TempDir
    Path dir;

    @Test
    void theAgentEndsItsJvmWhenStdinCloses() throws Exception {
        Path agent = ServiceProcess.agentJar(dir);
        try (JarFile jar = new JarFile(agent.toFile())) {
            assertEquals("dev.tally.engines.host.ParentWatchAgent",
                    jar.getManifest().getMainAttributes().getValue("Premain-Class"));
        }
        // A program that would run forever on its own and prints when a shutdown hook runs.
        Path program = dir.resolve("Forever.java");
        Files.writeString(program, """
                public class Forever {
                    public static void main(String[] a) throws Exception {
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful")));
                        System.out.println("running");
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, program.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("running")) {
                // skip anything the JVM prints first
            }
            assertTrue(p.isAlive(), "runs while the pipe is open");
            p.getOutputStream().close();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exits once stdin is closed");
            StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains("graceful"), "exit ran the shutdown hooks: " + rest);
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
        assertFalse(p.isAlive());
    }
}
