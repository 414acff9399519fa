package dev.tally.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for a service's native executable, for the tests of {@link ServiceProcess}'s native path where no
 * GraalVM exists: an executable file (a shell script that {@code exec}s a small Java program, so the process started
 * is the one that serves) that answers {@code /q/health/ready} with {@code {"status":"UP"}} on
 * {@code QUARKUS_HTTP_PORT}, prints its pid and the runtime options it was given, and says when a shutdown hook runs
 * (SIGTERM) as a Quarkus service stops gracefully.
 */
final class StandInNative {

    private static final String PROGRAM = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class StandIn {
                public static void main(String[] args) throws Exception {
                    System.out.println("PID " + ProcessHandle.current().pid());
                    System.out.println("ARGS " + String.join(" ", args));
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        System.out.println("graceful stop");
                        System.out.flush();
                    }));
                    int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/q/health/ready", exchange -> {
                        byte[] body = "{\\"status\\": \\"UP\\", \\"checks\\": []}".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("listening on " + port);
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            """;

    private StandInNative() {
    }

    /** Writes {@code <dir>/tally-standin-0.1.0-SNAPSHOT-runner} (and its program) and answers the executable. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path program = dir.resolve("StandIn.java");
        Files.writeString(program, PROGRAM);
        Path runner = dir.resolve("tally-standin-0.1.0-SNAPSHOT-runner");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(runner, "#!/bin/sh\nexec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 '" + program
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(runner, PosixFilePermissions.fromString("rwxr-xr-x"));
        return runner;
    }

    /** The pid the stand-in printed in {@code log}, or -1. */
    static long printedPid(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("PID ")).mapToLong(l -> Long.parseLong(
                l.substring(4).trim())).findFirst().orElse(-1);
    }
}
