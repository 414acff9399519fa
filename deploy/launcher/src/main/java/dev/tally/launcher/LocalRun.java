package dev.tally.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.tally.engines.DevelopmentKey;
import dev.tally.engines.Engine;
import dev.tally.engines.EngineStartException;
import dev.tally.engines.KafkaEngine;
import dev.tally.engines.PostgresEngine;
import dev.tally.engines.Ports;
import dev.tally.engines.ServiceProcess;

/**
 * Runs all of Tally on this machine: Kafka and PostgreSQL (data kept in {@code TALLY_HOME}, default
 * {@code <repo>/.tally}), then the four services from their {@code target/quarkus-app}. Waits until every service
 * reports ready, prints the URLs, and on Ctrl-C or SIGTERM stops the services, then the engines.
 *
 * <p>Usage: {@code LocalRun [--reset] [--engines-only] [--native]}; {@code --reset} deletes the kept data first,
 * {@code --engines-only} starts no service, {@code --native} runs the native executables. Started by {@code ./run-local},
 * which builds first. See {@link Settings} for the environment it reads.
 */
public final class LocalRun {

    private static final long READY_TIMEOUT_MILLIS = 120_000;
    private static final long SERVICE_STOP_GRACE_MILLIS = 20_000;

    private final Settings settings;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private KafkaEngine kafka;
    private PostgresEngine postgres;
    private boolean stopped;

    private LocalRun(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        boolean reset = false;
        boolean enginesOnly = false;
        boolean nativeServices = false;
        for (String arg : args) {
            switch (arg) {
                case "--native" -> nativeServices = true;
                case "--reset" -> reset = true;
                case "--engines-only" -> enginesOnly = true;
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> {
                    System.err.println("Unknown argument: " + arg + System.lineSeparator() + usage());
                    System.exit(2);
                }
            }
        }
        Settings settings;
        try {
            Map<String, String> env = new LinkedHashMap<>(System.getenv());
            if (nativeServices) {
                env.put("TALLY_SERVICES", "native");
            }
            settings = Settings.from(Path.of(System.getProperty("tally.repo", ".")).toAbsolutePath().normalize(), env);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalRun run = new LocalRun(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll, "local-run-stop"));
        int code = run.start(reset, enginesOnly);
        if (code != 0) {
            run.stopAll();
            System.exit(code);
        }
        run.watchUntilStopped();
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "Usage: ./run-local [--reset] [--no-build] [--engines-only] [--native]",
                "  --reset         delete the kept data (Kafka and PostgreSQL under TALLY_HOME) and old logs first",
                "  --no-build      (./run-local only) start what was built last time",
                "  --engines-only  start Kafka and PostgreSQL only (for services run elsewhere: containers, an IDE)",
                "  --native        build (with GraalVM/Mandrel 25 in GRAALVM_HOME) and run the native executables",
                "Environment: TALLY_HOME (default <repo>/.tally), TALLY_KAFKA_PORT (19092), TALLY_PG_PORT (15432),",
                "  KAFKA_BOOTSTRAP_SERVERS / TALLY_DB_URL (+ TALLY_DB_USER, TALLY_DB_PASSWORD) to use external engines,",
                "  MP_JWT_VERIFY_PUBLICKEY_LOCATION (+ MP_JWT_VERIFY_ISSUER) to verify tokens with a key of your own",
                "  instead of the development key (tokens from ./tally-token).");
    }

    /** Returns 0 once everything is ready, or the exit code of a failure (after printing why). */
    private int start(boolean reset, boolean enginesOnly) {
        long begin = System.nanoTime();
        try {
            Files.createDirectories(settings.logs());
            if (!lockHome()) {
                return 2;
            }
            if (reset) {
                reset();
            }
            if (!enginesOnly && !missingArtifacts().isEmpty()) {
                System.err.println("Not built yet: " + missingArtifacts() + System.lineSeparator()
                        + (settings.nativeServices()
                        ? "Run ./run-local --native (it builds first, with GraalVM/Mandrel 25 in GRAALVM_HOME) or"
                                + " ./mvnw package -Dnative -DskipTests."
                        : "Run ./run-local (it builds first) or ./mvnw package -DskipTests."));
                return 1;
            }
            if (!portsFree(enginesOnly)) {
                return 2;
            }
            System.out.println("Tally local run. Data: " + settings.home() + "  Logs: " + settings.logs());
            if (!startEngines()) {
                return 1;
            }
            if (!enginesOnly && !startServices()) {
                return 1;
            }
        } catch (IOException e) {
            System.err.println("Local run failed: " + e);
            return 1;
        }
        printSummary(begin);
        return 0;
    }

    private FileLock lock;

    /** One launcher per TALLY_HOME: two would fight over ports and data. */
    private boolean lockHome() throws IOException {
        FileChannel channel = FileChannel.open(settings.home().resolve("launcher.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (lock == null) {
            System.err.println("Another ./run-local is already running with TALLY_HOME=" + settings.home()
                    + ". Stop it first (Ctrl-C in its terminal).");
            return false;
        }
        return true;
    }

    private void reset() throws IOException {
        System.out.println("--reset: deleting kept data in " + settings.home());
        for (String dir : List.of("kafka", "postgres")) {
            deleteTree(settings.home().resolve(dir));
        }
        try (Stream<Path> logs = Files.list(settings.logs())) {
            for (Path log : logs.filter(p -> !p.getFileName().toString().equals("build.log")).toList()) {
                Files.deleteIfExists(log);
            }
        }
    }

    private List<Path> missingArtifacts() {
        return settings.services().stream().map(s -> s.artifact(settings.repo(), settings.nativeServices()).path())
                .filter(a -> settings.nativeServices() ? !Files.isExecutable(a) : !Files.isRegularFile(a)).toList();
    }

    private boolean portsFree(boolean enginesOnly) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        if (settings.externalKafka().isEmpty()) {
            wanted.put(settings.kafkaPort(), "Kafka (TALLY_KAFKA_PORT)");
            wanted.put(settings.kafkaControllerPort(), "Kafka controller (TALLY_KAFKA_PORT + 1)");
        }
        if (settings.externalDb().isEmpty()) {
            wanted.put(settings.pgPort(), "PostgreSQL (TALLY_PG_PORT)");
        }
        if (!enginesOnly) {
            settings.services().forEach(s -> wanted.put(s.port(), s.name()));
        }
        boolean allFree = true;
        for (Map.Entry<Integer, String> e : wanted.entrySet()) {
            if (!Ports.isFree(e.getKey())) {
                allFree = false;
                System.err.println("Port " + e.getKey() + " for " + e.getValue() + " is already in use." + whoListens(e.getKey()));
            }
        }
        if (!allFree) {
            System.err.println("Nothing was started. Stop the program using the port (is another Tally still running?),"
                    + " or pick other engine ports with TALLY_KAFKA_PORT / TALLY_PG_PORT.");
        }
        return allFree;
    }

    /** Best effort: names the process on the port, where {@code ss} exists. */
    private static String whoListens(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes()).trim();
            if (ss.waitFor(5, TimeUnit.SECONDS) && ss.exitValue() == 0 && !out.isEmpty()) {
                return System.lineSeparator() + "  " + out.lines().collect(Collectors.joining(System.lineSeparator() + "  "));
            }
        } catch (IOException e) {
            // No ss here: the port number alone must do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private boolean startEngines() {
        System.out.println("Starting engines...");
        CompletableFuture<Void> kafkaUp = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> pgUp = CompletableFuture.completedFuture(null);
        if (settings.externalKafka().isEmpty()) {
            kafka = KafkaEngine.persistent(settings.home().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort(), settings.logs().resolve("kafka.log"));
            kafka.stopOnJvmExit(false);
            kafkaUp = CompletableFuture.runAsync(() -> {
                kafka.start();
                line("Kafka", settings.bootstrapServers(), kafka.lastStartMillis());
            });
        } else {
            System.out.println("  Kafka            " + settings.bootstrapServers() + "  (external, KAFKA_BOOTSTRAP_SERVERS)");
        }
        if (settings.externalDb().isEmpty()) {
            postgres = PostgresEngine.persistent(settings.home().resolve("postgres"), settings.pgPort(),
                    settings.logs().resolve("postgres.log"));
            postgres.stopOnJvmExit(false);
            pgUp = CompletableFuture.runAsync(() -> {
                postgres.start();
                line("PostgreSQL", settings.dbUrl(), postgres.lastStartMillis());
            });
        } else {
            System.out.println("  PostgreSQL       " + settings.dbUrl() + "  (external, TALLY_DB_URL)");
        }
        boolean ok = true;
        for (Map.Entry<String, CompletableFuture<Void>> e : Map.of("Kafka", kafkaUp, "PostgreSQL", pgUp).entrySet()) {
            try {
                e.getValue().join();
            } catch (CompletionException failure) {
                ok = false;
                Throwable cause = failure.getCause();
                System.err.println(e.getKey() + " failed to start: "
                        + (cause instanceof EngineStartException ? cause.getMessage() : String.valueOf(cause)));
            }
        }
        return ok;
    }

    private static synchronized void line(String what, String where, long millis) {
        System.out.printf(Locale.ROOT, "  %-16s %-38s ready in %.1f s%n", what, where, millis / 1000.0);
    }

    private boolean startServices() throws IOException {
        System.out.println("Starting services...");
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "TALLY_DB_URL", settings.dbUrl(),
                "TALLY_DB_USER", settings.dbUser(),
                "TALLY_DB_PASSWORD", settings.dbPassword(),
                "KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers()));
        if (settings.developmentKey()) {
            env.putAll(DevelopmentKey.serviceEnvironment());
        }
        for (Settings.Service s : settings.services()) {
            ServiceProcess p = new ServiceProcess(s.name(), s.artifact(settings.repo(), settings.nativeServices()),
                    s.port(), settings.logs().resolve(s.name() + ".log"));
            p.start(env);
            services.add(p);
        }
        List<ServiceProcess> waiting = new ArrayList<>(services);
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        long nextProgress = System.currentTimeMillis() + 10_000;
        while (!waiting.isEmpty()) {
            for (ServiceProcess p : List.copyOf(waiting)) {
                if (p.isReady()) {
                    waiting.remove(p);
                    line(p.name(), "http://127.0.0.1:" + p.port(), p.millisSinceStart());
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
                nextProgress += 10_000;
                System.out.println("  ... waiting for " + waiting.stream().map(p -> p.name())
                        .collect(Collectors.joining(", ")) + " (" + waiting.get(0).millisSinceStart() / 1000 + " s)");
            }
            sleep(250);
        }
        return true;
    }

    private void printSummary(long beginNanos) {
        double launcherSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beginNanos) / 1000.0;
        String sinceCommand = "";
        String startedMs = System.getenv("TALLY_RUN_STARTED_MS");
        if (startedMs != null && startedMs.matches("\\d+")) {
            sinceCommand = String.format(Locale.ROOT, " (%.1f s since ./run-local started)",
                    (System.currentTimeMillis() - Long.parseLong(startedMs)) / 1000.0);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s in %.1f s%s.%n",
                services.isEmpty() ? "Engines are up (--engines-only: no service started)" : "Tally is up: all services ready",
                launcherSeconds, sinceCommand));
        for (ServiceProcess p : services) {
            String base = "http://127.0.0.1:" + p.port();
            out.append(String.format(Locale.ROOT, "  %-16s %s   Swagger UI %s/q/swagger-ui   health %s/q/health%n",
                    p.name(), base, base, base));
        }
        out.append("  Kafka            ").append(settings.bootstrapServers()).append(System.lineSeparator());
        out.append("  PostgreSQL       ").append(settings.dbUrl()).append("  (user ").append(settings.dbUser())
                .append(")").append(System.lineSeparator());
        if (settings.developmentKey() && !services.isEmpty()) {
            out.append("Every endpoint but health and OpenAPI needs a token: ./tally-token <customer|backoffice|auditor|admin>"
                    + " [subject], e.g. curl -H \"Authorization: Bearer $(./tally-token admin)\" 127.0.0.1:8080/relay")
                    .append(System.lineSeparator());
        }
        out.append("Logs in ").append(settings.logs()).append(". Press Ctrl-C to stop.");
        System.out.println(out);
    }

    /** Blocks until the JVM is asked to stop; warns once if a service dies meanwhile. */
    private void watchUntilStopped() {
        List<ServiceProcess> reported = new ArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            for (ServiceProcess p : services) {
                if (!p.isAlive() && !reported.contains(p) && !isStopping()) {
                    reported.add(p);
                    System.err.println(p.name() + " stopped unexpectedly (exit code " + p.exitCode()
                            + "). Last lines of " + p.logFile() + ":" + System.lineSeparator() + Engine.tail(p.logFile(), 20));
                }
            }
            try {
                never.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized boolean isStopping() {
        return stopped;
    }

    /** Services first (SIGTERM, graceful), then the engines. Idempotent; runs from the shutdown hook too. */
    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        boolean anything = !services.isEmpty() || kafka != null || postgres != null;
        if (anything) {
            System.out.println(System.lineSeparator() + "Stopping Tally...");
        }
        services.parallelStream().forEach(p -> {
            if (!p.stop(Duration.ofMillis(SERVICE_STOP_GRACE_MILLIS))) {
                System.out.println("  " + p.name() + " did not stop in time; killed it");
            }
        });
        if (!services.isEmpty()) {
            System.out.println("  services stopped");
        }
        CompletableFuture<Void> k = CompletableFuture.runAsync(() -> close(kafka));
        CompletableFuture<Void> p = CompletableFuture.runAsync(() -> close(postgres));
        CompletableFuture.allOf(k, p).join();
        if (kafka != null || postgres != null) {
            System.out.println("  engines stopped; data kept in " + settings.home());
        }
        System.out.flush();
    }

    private static void close(Engine engine) {
        if (engine != null) {
            engine.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
