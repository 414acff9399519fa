package dev.tally.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.tally.engines.DevelopmentKey;
import dev.tally.engines.EngineEnvironment;
import dev.tally.engines.Engine;
import dev.tally.engines.ServiceProcess;

/**
 * The four services as child processes ({@link ServiceProcess}), pointed at the engines: started together, waited
 * for until each reports ready, watched while they run, and stopped gracefully (SIGTERM) side by side.
 */
final class LocalServices {

    private static final long READY_TIMEOUT_MILLIS = 120_000;
    private static final long PROGRESS_EVERY_MILLIS = 10_000;
    private static final long SERVICE_STOP_GRACE_MILLIS = 20_000;

    private final Settings settings;
    private final List<ServiceProcess> started = new CopyOnWriteArrayList<>();

    LocalServices(Settings settings) {
        this.settings = settings;
    }

    /** The services started so far. */
    List<ServiceProcess> started() {
        return List.copyOf(started);
    }

    /** Starts every service and waits until all are ready; false (after showing the log's end) if one is not. */
    boolean start() throws IOException {
        System.out.println("Starting services...");
        Map<String, String> env = environment();
        for (Settings.Service s : settings.services()) {
            ServiceProcess p = new ServiceProcess(s.name(), s.artifact(settings.repo(), settings.nativeServices()),
                    s.port(), settings.logs().resolve(s.name() + ".log"));
            p.start(env);
            started.add(p);
        }
        return awaitReady();
    }

    private Map<String, String> environment() {
        Map<String, String> env = EngineEnvironment.of(settings.dbUrl(), settings.dbUser(), settings.dbPassword(),
                settings.bootstrapServers());
        if (settings.developmentKey()) {
            env.putAll(DevelopmentKey.serviceEnvironment());
        }
        return env;
    }

    private boolean awaitReady() {
        List<ServiceProcess> waiting = new ArrayList<>(started);
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        long nextProgress = System.currentTimeMillis() + PROGRESS_EVERY_MILLIS;
        while (!waiting.isEmpty()) {
            for (ServiceProcess p : List.copyOf(waiting)) {
                if (p.isReady()) {
                    waiting.remove(p);
                    Console.ready(p.name(), "http://127.0.0.1:" + p.port(), p.millisSinceStart());
                } else if (!p.isAlive()) {
                    System.err.println(p.name() + " exited with code " + p.exitCode() + " before it was ready. "
                            + "Last lines of " + p.logFile() + ":" + System.lineSeparator() + Engine.tail(p.logFile(), 40));
                    return false;
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                for (ServiceProcess p : waiting) {
                    System.err.println(p.name() + " not ready after " + READY_TIMEOUT_MILLIS / 1000 + " s ("
                            + p.baseUrl() + "/q/health/ready). Last lines of " + p.logFile() + ":" + System.lineSeparator()
                            + Engine.tail(p.logFile(), 30));
                }
                return false;
            }
            if (System.currentTimeMillis() > nextProgress) {
                nextProgress += PROGRESS_EVERY_MILLIS;
                System.out.println("  ... waiting for " + waiting.stream().map(ServiceProcess::name)
                        .collect(Collectors.joining(", ")) + " (" + waiting.get(0).millisSinceStart() / 1000 + " s)");
            }
            sleep(250);
        }
        return true;
    }

    /** Blocks until interrupted; warns once per service that dies meanwhile, unless the run is stopping. */
    void watch(BooleanSupplier stopping) {
        List<ServiceProcess> reported = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            for (ServiceProcess p : started) {
                if (!p.isAlive() && !reported.contains(p) && !stopping.getAsBoolean()) {
                    reported.add(p);
                    System.err.println(p.name() + " stopped unexpectedly (exit code " + p.exitCode()
                            + "). Last lines of " + p.logFile() + ":" + System.lineSeparator() + Engine.tail(p.logFile(), 20));
                }
            }
            sleep(1000);
        }
    }

    /** SIGTERM to every service side by side, a kill for any that outlives the grace period. */
    void stop() {
        started.parallelStream().forEach(p -> {
            if (!p.stop(Duration.ofMillis(SERVICE_STOP_GRACE_MILLIS))) {
                System.out.println("  " + p.name() + " did not stop in time; killed it");
            }
        });
        if (!started.isEmpty()) {
            System.out.println("  services stopped");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
