package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tally.engines.Ports;
import dev.tally.engines.ServiceArtifact;
import dev.tally.engines.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * Native executables against JVM jars, in one run on one machine (issue 10). For each runtime, on engines of its own
 * (a fresh PostgreSQL and Kafka through tally-engines, so neither column inherits the other's data): ready time (exec
 * to {@code /q/health/ready} UP) and idle RSS of every service, catch-up of every view over the same generated log
 * of N events with the raw Kafka consumer over those N records as its baseline, deposits at 8 clients with the raw
 * PostgreSQL INSERT at 8 connections as its baseline and the write side's RSS after that load, and the CPU per command
 * of the write side and each view at a fixed rate. Prints and writes {@code bench/results/native-<date>.md} and
 * {@code .json} with the ratios native/JVM. When the native executables are absent it says so and measures the JVM
 * column only. See bench/README.md.
 */
public final class NativeBenchmark implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(120);
    /** After readiness, before the idle RSS is read: start-up work that finishes just after ready settles. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int CLIENTS = 8;

    enum Runtime {
        JVM, NATIVE;

        String label() {
            return this == JVM ? "JVM" : "native";
        }
    }

    /** The four services: name, module. */
    static final List<String[]> SERVICES = List.of(new String[] {"write-side", "write-side/ledger-service"},
            new String[] {"accounts-view", "read-side/accounts-view"},
            new String[] {"backoffice-view", "read-side/backoffice-view"},
            new String[] {"audit-view", "read-side/audit-view"});

    private final BenchArgs args;
    private final Path repo;
    private final Path workDir;
    private final long events;
    private final Duration rawWarmup;
    private final Duration rawMeasure;
    private final Duration depositWarmup;
    private final Duration depositMeasure;
    private final double rate;
    private final Duration rateWarmup;
    private final Duration rateMeasure;
    private final String command;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
            .setBlockedThreadCheckInterval(10_000));
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** runtime -> measure -> value; measures in insertion order (see {@link #row}). */
    private final Map<Runtime, Map<String, Double>> values = new EnumMap<>(Runtime.class);
    private final Map<String, String> units = new LinkedHashMap<>();
    private final List<ServiceProcess> running = new ArrayList<>();
    private BenchEngines engines;
    private Pool pool;
    private String failure;

    private NativeBenchmark(String[] argv) {
        args = new BenchArgs(argv);
        repo = args.repo();
        workDir = repo.resolve("bench/target/native-run");
        events = args.number("events", 100_000);
        rawWarmup = args.seconds("raw-warmup", 3);
        rawMeasure = args.seconds("raw-measure", 10);
        depositWarmup = args.seconds("deposit-warmup", 10);
        depositMeasure = args.seconds("deposit-measure", 15);
        rate = Double.parseDouble(args.string("rate", "100"));
        rateWarmup = args.seconds("rate-warmup", 5);
        rateMeasure = args.seconds("rate-measure", 30);
        command = System.getProperty("bench.command", "bench/run-native-bench.sh " + String.join(" ", argv)).trim();
    }

    public static void main(String[] argv) {
        NativeBenchmark bench = new NativeBenchmark(argv);
        int exit = 0;
        try {
            bench.run();
        } catch (Throwable e) {
            exit = 1;
            bench.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            e.printStackTrace();
        } finally {
            bench.close();
        }
        try {
            Path md = ResultFiles.write(bench.args.outDir(bench.repo), "native", bench.markdown(), bench.json());
            log("report written to " + md);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        MachineFacts.collect(machine);
        Path jvmFrom = Path.of(args.string("jvm-from", repo.toString())).toAbsolutePath().normalize();
        Path nativeFrom = Path.of(args.string("native-from", repo.toString())).toAbsolutePath().normalize();
        Map<String, ServiceArtifact> jvm = new LinkedHashMap<>();
        List<String> runtimes = List.of(args.string("runtimes", "jvm,native").split(","));
        for (String[] s : SERVICES) {
            Path app = jvmFrom.resolve(s[1]).resolve("target/quarkus-app/quarkus-run.jar");
            if (runtimes.contains("jvm") && !Files.exists(app)) {
                throw new IllegalStateException(app + " is missing: build the jars with ./mvnw package -DskipTests"
                        + " (a -Dnative build has none; keep a jar build elsewhere and pass --jvm-from=<dir>), or run"
                        + " --runtimes=native");
            }
            if (!runtimes.contains("jvm")) {
                continue;
            }
            // Copies of target/quarkus-app taken now, so a concurrent build cannot swap a jar mid-run.
            jvm.put(s[0], ServiceArtifact.jvm(ReadView.snapshot(jvmFrom, s[1], workDir, s[0]), jvmOptions(s[0])));
        }
        Map<String, ServiceArtifact> natives = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String[] s : SERVICES) {
            Path runner = nativeRunner(nativeFrom, s[1]);
            if (Files.isExecutable(runner)) {
                natives.put(s[0], ServiceArtifact.nativeExecutable(runner,
                        ServiceArtifact.nativeOptionsFor(jvmOptions(s[0]))));
            } else {
                missing.add(runner.toString());
            }
        }
        boolean nativeWanted = runtimes.contains("native");
        if (nativeWanted && !missing.isEmpty()) {
            String message = "native executables not found: " + String.join(", ", missing) + "; build them with"
                    + " ./mvnw package -Dnative -DskipTests (GraalVM/Mandrel 25 in GRAALVM_HOME, or"
                    + " -Dquarkus.native.container-build=true); native column not measured";
            log(message);
            notes.add(message + ".");
        }
        machine.put("JVM services", "java <options> -jar <module>/target/quarkus-app/quarkus-run.jar from " + jvmFrom
                + " (copied to bench/target/native-run/apps); options: write side "
                + String.join(" ", jvmOptions("write-side")) + ", views " + String.join(" ", jvmOptions("view")));
        machine.put("native services", natives.size() == SERVICES.size()
                ? "<module>/target/<artifactId>-<version>-runner from " + nativeFrom + "; options: write side "
                + String.join(" ", ServiceArtifact.nativeOptionsFor(jvmOptions("write-side"))) + ", views "
                + String.join(" ", ServiceArtifact.nativeOptionsFor(jvmOptions("view")))
                : "not found (see Notes)");
        machine.put("load generator", "this JVM: Vert.x " + MachineFacts.vertxVersion()
                + " core HTTP client (HTTP/1.1 keep-alive), reactive PostgreSQL client, kafka-clients");
        if (runtimes.contains("jvm")) {
            column(Runtime.JVM, jvm);
        }
        if (nativeWanted && missing.isEmpty()) {
            column(Runtime.NATIVE, natives);
        }
        machine.put("load average at end", MachineFacts.loadAverage());
    }

    /** The services' heap bounds as the other benchmarks give them (a native gets the same -Xmx, -Xms). */
    static List<String> jvmOptions(String service) {
        return service.equals("write-side") ? WriteBenchmark.JVM_OPTIONS : CatchUp.JVM_OPTIONS;
    }

    /** {@code <module>/target/tally-<module name>-<version>-runner}, as {@code ./mvnw package -Dnative} names it. */
    static Path nativeRunner(Path from, String module) {
        String artifactId = "tally-" + Path.of(module).getFileName();
        return from.resolve(module).resolve("target")
                .resolve(artifactId + "-" + System.getProperty("tally.version", "0.1.0-SNAPSHOT") + "-runner");
    }

    /** One column: every measurement for one runtime, on engines of its own. */
    private void column(Runtime runtime, Map<String, ServiceArtifact> artifacts) throws Exception {
        log("=== " + runtime.label() + " ===");
        values.put(runtime, new LinkedHashMap<>());
        engines = new BenchEngines();
        engines.start();
        pool = PgPool.pool(vertx, engines.pgOptions(), new PoolOptions().setMaxSize(2));
        if (!machine.containsKey("PostgreSQL server_version")) {
            engines.describe(pool, machine);
        }
        String bootstrap = engines.kafka.bootstrapServers();
        LedgerTopic.create(bootstrap);
        Map<String, String> env = engines.serviceEnvironment();
        String tag = runtime == Runtime.NATIVE ? "-native" : "-jvm";

        // 1. Ready time and idle RSS of each service, first start on an empty database (its migrations included).
        for (String[] s : SERVICES) {
            ServiceProcess service = process(s[0] + tag, artifacts.get(s[0]));
            long readyMillis = startAndTime(service, env);
            Thread.sleep(SETTLE.toMillis());
            row(runtime, s[0] + ": ready, exec to /q/health/ready UP (first start, empty database)", "ms",
                    readyMillis);
            row(runtime, s[0] + ": RSS idle, " + SETTLE.toSeconds() + " s after ready", "MB", rssMegabytes(service));
            stop(service);
        }

        // 2. Catch-up of each view over the same generated log, against the raw consumer over the same records.
        LedgerLog ledger = new LedgerLog(events, (int) Math.max(100, Math.min(20_000, events / 50)), 42,
                Instant.now(), Duration.ofDays(30));
        log("writing " + events + " events to " + LedgerTopic.TOPIC);
        LedgerTopic.write(bootstrap, ledger);
        await(pool.preparedQuery("UPDATE eventstore.position_counter SET value = $1 WHERE id = 1")
                .execute(Tuple.of(events)));
        await(pool.preparedQuery("INSERT INTO eventstore.relay_checkpoints (relay_name, position) VALUES ('kafka', $1)"
                + " ON CONFLICT (relay_name) DO UPDATE SET position = EXCLUDED.position").execute(Tuple.of(events)));
        long begin = System.nanoTime();
        RawConsumer.readAll(bootstrap, LedgerTopic.TOPIC, events, false, Duration.ofMinutes(5));
        double rawConsumer = events / seconds(begin);
        row(runtime, "raw Kafka consumer over the N-event log (baseline)", "events/s", rawConsumer);
        CpuMeter cpu = new CpuMeter();
        for (ReadView view : ReadView.values()) {
            log(view.service + ": catch-up over " + events + " events");
            CatchUp.CatchUpResult r = CatchUp.run(view, artifacts.get(view.service), workDir, env, events,
                    Duration.ofSeconds(150), vertx, pool, cpu, s -> { });
            if (!r.caughtUp()) {
                notes.add(runtime.label() + " " + view.service + " did not catch up within 150 s (frontier "
                        + r.frontier() + " of " + events + "); its rate counts what it folded.");
            }
            row(runtime, view.service + ": catch-up from ready", "events/s", r.rateFromReady());
            row(runtime, view.service + ": catch-up from exec", "events/s", r.rateFromStart());
            row(runtime, view.service + ": catch-up from ready / raw consumer", "share", r.rateFromReady() / rawConsumer);
            log(String.format(Locale.ROOT, "  -> %.0f events/s from ready, %.0f from exec", r.rateFromReady(),
                    r.rateFromStart()));
        }

        // 3. Deposits at 8 clients against the raw INSERT at 8 connections, back to back on the same engines.
        log("raw INSERT, " + CLIENTS + " connections");
        await(pool.query(RawInserts.CREATE_TABLE).execute());
        RawInserts raw = await(RawInserts.connect(vertx, engines.pgOptions(), CLIENTS));
        PhaseResult rawPhase;
        try {
            rawPhase = ClosedLoop.run("raw INSERT", CLIENTS, rawWarmup, rawMeasure, raw::insert);
        } finally {
            raw.close();
        }
        row(runtime, "raw PostgreSQL INSERT, 8 connections (baseline)", "/s", rawPhase.throughput());
        ServiceProcess write = process("write-side" + tag, artifacts.get("write-side"));
        row(runtime, "write-side: ready, exec to /q/health/ready UP (restart, N-event store)", "ms",
                startAndTime(write, env));
        WriteApi api = new WriteApi(vertx, write.port(), 64, false);
        try {
            awaitRelayLeader(api);
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 2 * CLIENTS; i++) {
                accounts.add(await(api.openAccount("native-bench-" + i)));
            }
            log("deposits, " + CLIENTS + " clients: " + depositWarmup.toSeconds() + " s warm-up + "
                    + depositMeasure.toSeconds() + " s");
            PhaseResult deposits = ClosedLoop.run("deposits", CLIENTS, depositWarmup, depositMeasure,
                    client -> api.deposit(accounts.get(client), 100, "native bench"));
            row(runtime, "write-side: deposits, 8 clients (closed loop)", "/s", deposits.throughput());
            row(runtime, "write-side: deposit p99, 8 clients", "ms", deposits.latency().p99());
            row(runtime, "write-side: deposits / raw INSERT at 8", "share", deposits.throughput()
                    / rawPhase.throughput());
            row(runtime, "write-side: RSS after the deposits at 8 clients", "MB", rssMegabytes(write));
            if (deposits.errors() + rawPhase.errors() > 0) {
                notes.add(runtime.label() + ": " + deposits.errors() + " deposits and " + rawPhase.errors()
                        + " raw inserts failed, e.g. " + deposits.errorSamples() + rawPhase.errorSamples());
            }
            log(String.format(Locale.ROOT, "  -> raw %.0f/s, deposits %.0f/s (p99 %.1f ms)", rawPhase.throughput(),
                    deposits.throughput(), deposits.latency().p99()));

            // 4. CPU per command at a fixed rate: the write side and every view, all running and caught up.
            Map<String, ServiceProcess> views = new LinkedHashMap<>();
            for (ReadView view : ReadView.values()) {
                ServiceProcess s = process(view.service + tag + "-rate", artifacts.get(view.service));
                s.start(env);
                views.put(view.service, s);
            }
            long head = await(pool.query("SELECT value FROM eventstore.position_counter WHERE id = 1").execute())
                    .iterator().next().getLong("value");
            for (ServiceProcess s : views.values()) {
                s.awaitReady(READY_TIMEOUT);
                awaitFrontier(s, head);
            }
            CpuMeter meter = new CpuMeter();
            meter.watchTree("write-side", () -> BenchEngines.handle(write));
            views.forEach((name, s) -> meter.watchTree(name, () -> BenchEngines.handle(s)));
            log(String.format(Locale.ROOT, "CPU per command: %.0f deposits/s, %d s warm-up + %d s", rate,
                    rateWarmup.toSeconds(), rateMeasure.toSeconds()));
            OpenLoop.run("warm-up", rate, Duration.ZERO, rateWarmup,
                    n -> api.deposit(accounts.get(n % accounts.size()), 1, "native bench rate"));
            CpuMeter.Sample before = meter.sample();
            PhaseResult fixed = OpenLoop.run("fixed rate", rate, Duration.ZERO, rateMeasure,
                    n -> api.deposit(accounts.get(n % accounts.size()), 1, "native bench rate"));
            long last = await(pool.query("SELECT value FROM eventstore.position_counter WHERE id = 1").execute())
                    .iterator().next().getLong("value");
            for (ServiceProcess s : views.values()) {
                awaitFrontier(s, last);
            }
            CpuMeter.Sample after = meter.sample();
            long commands = fixed.completed();
            for (String name : after.ticks().keySet()) {
                double millis = (after.ticks().get(name) - before.ticks().getOrDefault(name, 0L)) * 10.0;
                row(runtime, name + ": CPU per command at " + (long) rate + "/s", "ms", millis / commands);
            }
            if (fixed.errors() > 0) {
                notes.add(runtime.label() + ": " + fixed.errors() + " commands failed at the fixed rate, e.g. "
                        + fixed.errorSamples());
            }
            row(runtime, "write-side: RSS after all load", "MB", rssMegabytes(write));
            for (ReadView view : ReadView.values()) {
                row(runtime, view.service + ": RSS after catch-up of the deposits and the fixed rate", "MB",
                        rssMegabytes(views.get(view.service)));
            }
        } finally {
            api.close();
            for (ServiceProcess s : List.copyOf(running)) {
                stop(s);
            }
            pool.close();
            pool = null;
            engines.close();
            engines = null;
        }
    }

    private ServiceProcess process(String name, ServiceArtifact artifact) {
        ServiceProcess service = new ServiceProcess(name, artifact, Ports.freeLoopbackPort(),
                workDir.resolve(name + ".log"));
        running.add(service);
        return service;
    }

    private void stop(ServiceProcess service) {
        service.stop(Duration.ofSeconds(20));
        running.remove(service);
    }

    /** Starts the service and answers the milliseconds from exec until readiness answered UP (polled every 10 ms). */
    private static long startAndTime(ServiceProcess service, Map<String, String> env) throws Exception {
        service.start(env);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!service.isReady()) {
            if (!service.isAlive()) {
                throw new IllegalStateException(service.name() + " exited while starting:\n" + service.tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.name() + " not ready:\n" + service.tail(30));
            }
            Thread.sleep(10);
        }
        long millis = service.millisSinceStart();
        log(service.name() + " ready " + millis + " ms after exec");
        return millis;
    }

    /** VmRSS of the service process, from /proc/<pid>/status. */
    static double rssMegabytes(ServiceProcess service) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(service.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for " + service.name());
    }

    private void awaitFrontier(ServiceProcess view, long position) throws Exception {
        JsonHttp http = new JsonHttp(vertx, view.port(), 1);
        try {
            long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
            while (await(http.get("/projection")).getLong("frontier", 0L) < position) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(view.name() + " did not reach " + position);
                }
                Thread.sleep(100);
            }
        } finally {
            http.close();
        }
    }

    private static void awaitRelayLeader(WriteApi api) throws Exception {
        long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
        while (!await(api.relay()).getBoolean("leader", false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not become leader");
            }
            Thread.sleep(100);
        }
    }

    private void row(Runtime runtime, String measure, String unit, double value) {
        units.putIfAbsent(measure, unit);
        values.get(runtime).put(measure, value);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Native executables vs JVM jars, ").append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0))
                .append("\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\nEach column on engines of its own (fresh PostgreSQL with its default durability, single-node"
                + " Kafka), the same steps in the same order: every service started once on the empty database"
                + " (ready = from exec until `/q/health/ready` answered UP, polled every 10 ms; idle RSS = VmRSS "
                + SETTLE.toSeconds() + " s later); a generated log of N = " + events + " events (as the read"
                + " benchmark writes it) read by the raw kafka-clients consumer and caught up by each view in turn;"
                + " the raw INSERT baseline at 8 connections (" + rawWarmup.toSeconds() + " s + "
                + rawMeasure.toSeconds() + " s) and then deposits at 8 clients (closed loop, "
                + depositWarmup.toSeconds() + " s warm-up + " + depositMeasure.toSeconds() + " s); then all four"
                + " services running, an open loop of " + (long) rate + " deposits/s (" + rateWarmup.toSeconds()
                + " s warm-up + " + rateMeasure.toSeconds() + " s), CPU = utime+stime from /proc/<pid>/stat over the"
                + " measured window (until every view had folded it) divided by the commands answered."
                + " Shares are of the raw baseline measured in the same column.\n\n");
        md.append("| measure | unit | JVM | native | native / JVM |\n|---|---|---:|---:|---:|\n");
        Map<String, Double> jvm = values.getOrDefault(Runtime.JVM, Map.of());
        Map<String, Double> nat = values.getOrDefault(Runtime.NATIVE, Map.of());
        units.forEach((measure, unit) -> {
            Double j = jvm.get(measure);
            Double n = nat.get(measure);
            md.append("| ").append(measure).append(" | ").append(unit).append(" | ").append(format(j, unit))
                    .append(" | ").append(n == null ? "not measured" : format(n, unit)).append(" | ")
                    .append(j == null || n == null || j == 0 ? "—" : String.format(Locale.ROOT, "%.2f", n / j))
                    .append(" |\n");
        });
        if (failure != null) {
            md.append("\n**The run failed:** ").append(failure).append("\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append("\n"));
        }
        return md.toString();
    }

    private static String format(Double v, String unit) {
        if (v == null) {
            return "—";
        }
        return switch (unit) {
            case "share" -> String.format(Locale.ROOT, "%.0f%%", v * 100);
            case "ms" -> String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
            case "MB" -> String.format(Locale.ROOT, "%.0f", v);
            default -> String.format(Locale.ROOT, "%.0f", v);
        };
    }

    JsonObject json() {
        JsonObject json = new JsonObject().put("command", command).put("events", events)
                .put("machine", new JsonObject(new LinkedHashMap<>(machine)));
        JsonObject measures = new JsonObject();
        units.forEach((measure, unit) -> {
            JsonObject m = new JsonObject().put("unit", unit);
            values.forEach((runtime, v) -> {
                if (v.containsKey(measure)) {
                    m.put(runtime.name().toLowerCase(Locale.ROOT), v.get(measure));
                }
            });
            measures.put(measure, m);
        });
        json.put("measures", measures).put("notes", new io.vertx.core.json.JsonArray(new ArrayList<>(notes)));
        if (failure != null) {
            json.put("failure", failure);
        }
        return json;
    }

    private static double seconds(long beginNanos) {
        return (System.nanoTime() - beginNanos) / (double) TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public void close() {
        for (ServiceProcess s : List.copyOf(running)) {
            stop(s);
        }
        if (pool != null) {
            pool.close();
        }
        if (engines != null) {
            engines.close();
        }
        vertx.close();
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return WriteBenchmark.await(future);
    }

    static void log(String message) {
        System.out.println("[native-bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
