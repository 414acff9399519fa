package dev.tally.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs all of Tally on this machine: Kafka and PostgreSQL (data kept in {@code TALLY_HOME}, default
 * {@code <repo>/.tally}), then the four services from their {@code target/quarkus-app}. Waits until every service
 * reports ready, prints the URLs, and on Ctrl-C or SIGTERM stops the services, then the engines.
 *
 * <p>Usage: {@code LocalRun [--reset] [--engines-only] [--native] [--prometheus]}; {@code --reset} deletes the kept
 * data first, {@code --engines-only} starts no service, {@code --native} runs the native executables,
 * {@code --prometheus} starts Prometheus scraping them ({@link LocalPrometheus}). Started by {@code ./run-local},
 * which builds first. See {@link Settings} for the environment it reads. The jobs: {@link KeptData} (lock, reset),
 * {@link Preflight} (builds and ports), {@link LocalEngines}, {@link LocalServices}, {@link Console} (what is printed);
 * this class puts them in order.
 */
public final class LocalRun {

    private final Settings settings;
    private final KeptData keptData;
    private final LocalEngines engines;
    private final LocalServices services;
    private final LocalPrometheus prometheus;
    private boolean stopped;

    private LocalRun(Settings settings) {
        this.settings = settings;
        this.keptData = new KeptData(settings);
        this.engines = new LocalEngines(settings);
        this.services = new LocalServices(settings);
        this.prometheus = new LocalPrometheus(settings);
    }

    public static void main(String[] args) {
        boolean reset = false;
        boolean enginesOnly = false;
        boolean nativeServices = false;
        boolean withPrometheus = false;
        for (String arg : args) {
            switch (arg) {
                case "--native" -> nativeServices = true;
                case "--prometheus" -> withPrometheus = true;
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
        int code = run.start(reset, enginesOnly, withPrometheus && !enginesOnly);
        if (code != 0) {
            run.stopAll();
            System.exit(code);
        }
        run.services.watch(run::isStopping);
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "Usage: ./run-local [--reset] [--no-build] [--engines-only] [--native] [--prometheus]",
                "  --reset         delete the kept data (Kafka and PostgreSQL under TALLY_HOME) and old logs first",
                "  --no-build      (./run-local only) start what was built last time",
                "  --engines-only  start Kafka and PostgreSQL only (for services run elsewhere: containers, an IDE)",
                "  --native        build (with GraalVM/Mandrel 25 in GRAALVM_HOME) and run the native executables",
                "  --prometheus    also start Prometheus (Debian's prometheus package) scraping the four services,",
                "                  with the alert rules, on 127.0.0.1:9090 (TALLY_PROMETHEUS_PORT)",
                "Environment: TALLY_HOME (default <repo>/.tally), TALLY_KAFKA_PORT (19092), TALLY_PG_PORT (15432),",
                "  KAFKA_BOOTSTRAP_SERVERS / TALLY_DB_URL (+ TALLY_DB_USER, TALLY_DB_PASSWORD) to use external engines,",
                "  MP_JWT_VERIFY_PUBLICKEY_LOCATION (+ MP_JWT_VERIFY_ISSUER) to verify tokens with a key of your own",
                "  instead of the development key (tokens from ./tally-token).");
    }

    /** Returns 0 once everything is ready, or the exit code of a failure (after printing why). */
    private int start(boolean reset, boolean enginesOnly, boolean withPrometheus) {
        long begin = System.nanoTime();
        try {
            if (!keptData.lock()) {
                return 2;
            }
            if (reset) {
                keptData.reset();
            }
            List<Path> missing = enginesOnly ? List.of() : Preflight.missingArtifacts(settings);
            if (!missing.isEmpty()) {
                Preflight.reportMissing(settings, missing);
                return 1;
            }
            if (!Preflight.portsFree(settings, enginesOnly, withPrometheus)) {
                return 2;
            }
            System.out.println("Tally local run. Data: " + settings.home() + "  Logs: " + settings.logs());
            if (!engines.start()) {
                return 1;
            }
            if (!enginesOnly && !services.start()) {
                return 1;
            }
            if (withPrometheus && !prometheus.start()) {
                return 1;
            }
        } catch (IOException e) {
            System.err.println("Local run failed: " + e);
            return 1;
        }
        Console.banner(settings, services.started(), begin);
        if (withPrometheus) {
            System.out.println("Prometheus at " + prometheus.url() + " scrapes the services every 5 s (alerts: "
                    + prometheus.url() + "/alerts); deploy/observability/prometheus-check puts load on and queries it.");
        }
        return 0;
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
        if (!services.started().isEmpty() || engines.any()) {
            System.out.println(System.lineSeparator() + "Stopping Tally...");
        }
        prometheus.stop();
        services.stop();
        engines.stop();
        System.out.flush();
    }
}
