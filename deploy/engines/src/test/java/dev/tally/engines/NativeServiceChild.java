package dev.tally.engines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Run in a separate JVM by {@link NativeServiceProcessTest}: starts the stand-in native executable
 * ({@code args[0]}, log {@code args[1]}) through {@link ServiceProcess}, prints its pid, port and watcher pid, then waits
 * to be killed.
 */
public final class NativeServiceChild {

    public static void main(String[] args) throws Exception {
        ServiceProcess service = new ServiceProcess("stand-in",
                ServiceArtifact.nativeExecutable(Path.of(args[0]), List.of("-Xmx64m")), Ports.freeLoopbackPort(),
                Path.of(args[1]));
        service.start(Map.of());
        service.awaitReady(Duration.ofSeconds(90));
        System.out.println("SERVICE " + service.pid() + " " + service.port() + " " + service.watcherPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
