package dev.tally.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The live path's curves (issue 13, item 3), in one run on fresh engines with the write service and the three views
 * running as processes: time and CPU from start to steady state; an open-loop sweep of rates with read-your-writes
 * queries on every view (latency, CPU per command per process, PostgreSQL commits and row changes per command, and at
 * one rate the top statements per service); closed-loop write throughput for uncontended deposits and a contended
 * Zipf mix against the raw single-row INSERT at the same client count. Writes {@code bench/results/live-<date>.md},
 * {@code .json} and {@code .png}. See bench/README.md.
 */
public final class LiveBenchmark implements AutoCloseable {

    static final double VISIBLE_P99_GOAL_MS = 100;
    /** Below this share of the offered rate, or above 1% failures, a rate counts as saturated. */
    private static final double ACHIEVED_SHARE = 0.9;
    private static final double FAILURE_SHARE = 0.01;
    /** Backends flush their statistics when idle, at most once a second: wait that long before reading them. */
    private static final long STATS_FLUSH_MILLIS = 1200;
    private static final double OUTSIDE_LOAD_CORES = 0.25;

    private final LiveOptions options;
    final LiveResults results = new LiveResults();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
            .setBlockedThreadCheckInterval(10_000));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BenchEngines engines = new BenchEngines();
    private final CpuMeter cpu = new CpuMeter();
    private final Path workDir;
    private LiveServices live;
    private Pool pool;
    private boolean statements;
    /** Sequence numbers of the open-loop commands, so every phase draws different accounts and amounts. */
    private final AtomicLong sequence = new AtomicLong();

    private LiveBenchmark(LiveOptions options) {
        this.options = options;
        this.workDir = options.repo().resolve("bench/target/live-run");
    }

    public static void main(String[] args) {
        LiveOptions options = LiveOptions.parse(args);
        int exit = 0;
        LiveBenchmark bench = new LiveBenchmark(options);
        try {
            bench.run();
        } catch (Throwable e) {
            exit = 1;
            bench.results.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            e.printStackTrace();
        } finally {
            bench.close();
        }
        try {
            bench.results.machine.put("load average at end", MachineFacts.loadAverage());
            LiveReport report = new LiveReport(bench.results, options);
            String prefix = options.quick() ? "live-quick" : "live";
            String title = (options.quick() ? "Live benchmark (quick), " : "Live benchmark, ")
                    + ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
            Path md = ResultFiles.write(options.outDir(), prefix, report.markdown(title), report.json());
            Path png = md.resolveSibling(md.getFileName().toString().replaceFirst("\\.md$", ".png"));
            LiveChart.write(bench.results, title, png);
            log("report written to " + md + " and " + png.getFileName());
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        if (!options.floorOnly()) {
            Map<ReadView, Path> viewJars = new EnumMap<>(ReadView.class);
            Path writeJar = ReadView.snapshot(options.servicesFrom(), "write-side/ledger-service", workDir,
                    "write-side");
            for (ReadView v : ReadView.values()) {
                viewJars.put(v, ReadView.snapshot(options.servicesFrom(), v.module, workDir, v.service));
            }
            live = new LiveServices(writeJar, viewJars, workDir, "");
        }
        describeSetup();
        log("starting PostgreSQL and Kafka");
        engines.start();
        String unavailable = PgStatements.enable(vertx, engines);
        pool = PgPool.pool(vertx, engines.pgOptions(), new PoolOptions().setMaxSize(2));
        statements = unavailable == null;
        if (statements) {
            PgStatements.prepare(pool, engines.postgres.password());
        } else {
            results.statementsUnavailable = unavailable;
            log(unavailable);
        }
        engines.describe(pool, results.machine);
        results.machine.put("PostgreSQL shared_preload_libraries", statements ? "pg_stat_statements (this run only:"
                + " ALTER SYSTEM on the temporary cluster, then a restart)" : "none");
        LedgerTopic.create(engines.kafka.bootstrapServers());
        WriteBenchmark.await(pool.query(RawInserts.CREATE_TABLE).execute());
        cpu.watchSelf("bench");
        cpu.watchTree("postgres", engines.postgres::hostProcess);
        cpu.watchTree("kafka", engines.kafka::hostProcess);
        if (options.floorOnly()) {
            floor(options.rates());
            return;
        }
        cpu.watchTree("write", () -> live.writeProcess());
        for (ReadView v : ReadView.values()) {
            cpu.watchTree(ReadBenchmark.shortName(v), () -> live.viewProcess(v));
        }

        List<String> accounts = warmUp();
        sweep(accounts);
        closedLoop();
        live.close();
        floor(results.sweep.stream().map(LiveResults.RatePoint::target).toList());
        noteOutsideLoad();
    }

    private void describeSetup() {
        MachineFacts.collect(results.machine);
        if (options.floorOnly()) {
            results.machine.put("services", "none (--floor-only: the engines' floor alone)");
            return;
        }
        results.machine.put("service builds", "copies of each module's target/quarkus-app taken at the start of the"
                + " run (bench/target/live-run/apps), built from " + options.servicesFrom());
        results.machine.put("write service", "java " + String.join(" ", WriteBenchmark.JVM_OPTIONS)
                + " -jar quarkus-run.jar (JVM mode), relay on");
        results.machine.put("read services", "java " + String.join(" ", CatchUp.JVM_OPTIONS)
                + " -jar quarkus-run.jar (JVM mode), all three running through every phase");
        results.machine.put("load generator", "this JVM: Vert.x " + MachineFacts.vertxVersion()
                + " core HTTP client (HTTP/1.1 keep-alive, 64 connections per service), reactive PostgreSQL client");
    }

    /**
     * Starts the four services and drives them at a fixed rate in windows until the CPU per command of two window pairs
     * in a row changed less than {@code steady-change}: the JIT has done its work. Answers the open loop's account pool.
     */
    private List<String> warmUp() throws Exception {
        Map<String, String> env = engines.serviceEnvironment();
        log("starting the write service and the three views");
        CpuMeter.Sample start = cpu.sample();
        live.start(vertx, service -> environmentOf(service, env));
        CpuMeter.Sample ready = cpu.sample();
        Map<String, Long> readyMillis = live.readyMillis();
        log("ready (ms from exec): " + readyMillis);
        Map<String, Double> cpuToReady = new LinkedHashMap<>();
        for (String service : readyMillis.keySet()) {
            String component = service.equals("write-side") ? "write" : service.replace("-view", "");
            cpuToReady.put(service, ready.cpuSeconds(component));
        }
        AtomicLong last = new AtomicLong();
        log("opening and funding " + options.poolAccounts() + " accounts");
        List<String> accounts = FundedAccounts.open(live.writeApi(), "live-owner-", options.poolAccounts(), 8, last);
        long commands = 2L * options.poolAccounts();
        live.awaitViews(last.get());

        log(String.format(Locale.ROOT, "warm-up: %.0f commands/s in %d s windows until CPU per command settles",
                options.warmupRate(), options.warmupWindow().toSeconds()));
        List<LiveResults.Window> windows = new ArrayList<>();
        double steadyAfter = -1;
        JitMeter jit = new JitMeter(List.of(live::writeProcess, () -> live.viewProcess(ReadView.ACCOUNTS),
                () -> live.viewProcess(ReadView.BACKOFFICE), () -> live.viewProcess(ReadView.AUDIT)));
        CpuMeter.Sample end = cpu.sample();
        long windowsUntil = end.nanos() + options.warmupMax().toNanos(); // the windows' own limit, after the pool
        while (steadyAfter < 0 && end.nanos() < windowsUntil) {
            EndToEnd e2e = new EndToEnd(live.writeApi(), live.viewClients(), accounts);
            CpuMeter.Sample before = cpu.sample();
            double jitBefore = jit.seconds();
            OpenLoop.run("warm-up window", options.warmupRate(), Duration.ZERO, options.warmupWindow(), next(e2e));
            end = cpu.sample();
            double jitCores = (jit.seconds() - jitBefore) / ((end.nanos() - before.nanos()) / 1e9);
            long acked = e2e.acknowledged.summary().count();
            commands += acked;
            LiveResults.Window w = new LiveResults.Window((end.nanos() - start.nanos()) / 1e9, acked,
                    msPerCommand(CpuMeter.between(before, end), (end.nanos() - before.nanos()) / 1e9, acked),
                    e2e.visible.summary().p99(), jitCores);
            windows.add(w);
            log(String.format(Locale.ROOT, "  window to %.0f s: %d commands, %.2f ms CPU per command (ours), JIT %.2f"
                    + " cores, visible p99 %.0f ms", w.endSeconds(), acked, w.total(), jitCores, w.visibleP99()));
            if (settled(windows)) {
                steadyAfter = w.endSeconds();
            }
        }
        Map<String, Double> cpuToSteady = new LinkedHashMap<>();
        CpuMeter.Usage whole = CpuMeter.between(start, end);
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        LiveResults.COMPONENTS.forEach(c -> cpuToSteady.put(c, whole.cores().getOrDefault(c, 0.0) * seconds));
        results.warmUp = new LiveResults.WarmUp(options.warmupRate(), readyMillis, cpuToReady, windows, steadyAfter,
                cpuToSteady, commands);
        if (steadyAfter < 0) {
            results.notes.add("Warm-up: CPU per command had not settled within warmup-max = "
                    + options.warmupMax().toSeconds() + " s; the sweep started anyway.");
        }
        return accounts;
    }

    /**
     * True when each of the last two windows changed the total CPU per command by less than steady-change and the
     * services' JIT compiler threads used less than steady-jit cores in each: CPU per command alone looks level while
     * the compilers still take a large, slowly falling share.
     */
    private boolean settled(List<LiveResults.Window> windows) {
        int n = windows.size();
        if (n < 3) {
            return false;
        }
        for (int i = n - 2; i < n; i++) {
            double before = windows.get(i - 1).total();
            if (!(Math.abs(windows.get(i).total() - before) / before < options.steadyChange())
                    || windows.get(i).jitCores() >= options.steadyJit()) {
                return false;
            }
        }
        return true;
    }

    /** Each offered rate: warm-up, quiet, then a measured window from idle to idle; stops at the first saturation. */
    private void sweep(List<String> accounts) throws Exception {
        for (double rate : options.rates()) {
            String reason;
            try {
                reason = measureRate(rate, accounts);
            } catch (IllegalStateException e) {
                reason = e.getMessage();
                results.notes.add(String.format(Locale.ROOT, "Sweep at %.0f/s: %s.", rate, reason));
            }
            if (reason != null) {
                results.sweepStopped = String.format(Locale.ROOT, "stopped at %.0f commands/s: %s", rate, reason);
                log("  sweep " + results.sweepStopped);
                return;
            }
        }
    }

    /** Answers why this rate saturated the system, or null. */
    private String measureRate(double rate, List<String> accounts) throws Exception {
        log(String.format(Locale.ROOT, "sweep: %.0f commands/s, %d s warm-up + %d s", rate,
                options.rateWarmup().toSeconds(), options.rateMeasure().toSeconds()));
        EndToEnd warm = new EndToEnd(live.writeApi(), live.viewClients(), accounts);
        OpenLoop.run("warm-up", rate, Duration.ZERO, options.rateWarmup(), next(warm));
        awaitFolded(warm.lastPosition.get());
        Thread.sleep(STATS_FLUSH_MILLIS);

        boolean withStatements = statements && rate == options.statementsRate();
        if (withStatements) {
            PgStatements.reset(pool);
        }
        Map<String, Double> pgBefore = WriteBenchmark.await(PgActivity.read(pool));
        CpuMeter.Sample before = cpu.sample();
        EndToEnd e2e = new EndToEnd(live.writeApi(), live.viewClients(), accounts);
        long begin = System.nanoTime();
        PhaseResult phase = OpenLoop.run("sweep", rate, Duration.ZERO, options.rateMeasure(), next(e2e));
        String caughtUp = null;
        try {
            awaitFolded(e2e.lastPosition.get());
        } catch (IllegalStateException e) {
            caughtUp = e.getMessage();
        }
        CpuMeter.Sample after = cpu.sample();
        Thread.sleep(STATS_FLUSH_MILLIS);
        Map<String, Double> pg = PgActivity.delta(pgBefore, WriteBenchmark.await(PgActivity.read(pool)));
        long acked = e2e.acknowledged.summary().count();
        if (withStatements) {
            results.statements = PgStatements.read(pool, acked);
            results.statementsRate = rate;
            results.statementsCommands = acked;
        }
        double span = Math.max(options.rateMeasure().toNanos(), e2e.lastAcknowledgedAt.get() - begin) / 1e9;
        double achieved = acked / span;
        LiveResults.RatePoint point = new LiveResults.RatePoint(rate, achieved, acked, e2e.acknowledged.summary(),
                e2e.visible.summary(), phase.latency(), e2e.commandFailures.get(), e2e.viewFailures.get(),
                e2e.unavailable.get(), phase.errorSamples(), (after.nanos() - before.nanos()) / 1e9,
                CpuMeter.between(before, after), pg, null);
        String saturated = caughtUp != null ? caughtUp : saturation(point);
        point = new LiveResults.RatePoint(point.target(), point.achieved(), point.commands(), point.command(),
                point.visible(), point.scheduledToVisible(), point.commandFailures(), point.viewFailures(),
                point.unavailable(), point.errorSamples(), point.cpuSeconds(), point.cpu(), point.pg(), saturated);
        results.sweep.add(point);
        log(String.format(Locale.ROOT, "  -> achieved %.0f/s; command p50 %.1f p99 %.1f ms; visible p50 %.1f p99 %.1f"
                        + " ms; failures %d; CPU ms/command: %s; commits/command %.1f%s", achieved,
                point.command().p50(), point.command().p99(), point.visible().p50(), point.visible().p99(),
                point.failures(), perCommandLine(point), point.pgPerCommand("xact_commit"),
                saturated == null ? "" : "; SATURATED: " + saturated));
        return saturated;
    }

    private String saturation(LiveResults.RatePoint p) {
        if (p.achieved() < ACHIEVED_SHARE * p.target()) {
            return String.format(Locale.ROOT, "achieved %.0f/s, under %.0f%% of the offered rate", p.achieved(),
                    ACHIEVED_SHARE * 100);
        }
        if (p.visible().p99() > options.saturationP99Millis()) {
            return String.format(Locale.ROOT, "visible p99 %.0f ms > %.0f ms", p.visible().p99(),
                    options.saturationP99Millis());
        }
        if (p.failures() > FAILURE_SHARE * Math.max(1, p.commands())) {
            return p.failures() + " failures (> 1% of commands)";
        }
        return null;
    }

    /** Closed loop at each client count: raw INSERT, uncontended deposits, contended Zipf mix, back to back. */
    private void closedLoop() throws Exception {
        AtomicLong last = new AtomicLong();
        log("closed loop: opening " + options.maxClients() + " deposit accounts and " + options.zipfAccounts()
                + " Zipf accounts");
        List<String> own = FundedAccounts.open(live.writeApi(), "closed-owner-", options.maxClients(), 8, last);
        List<String> zipf = FundedAccounts.open(live.writeApi(), "zipf-owner-", options.zipfAccounts(), 16, last);
        MixedWorkload mixed = new MixedWorkload(live.writeApi(), zipf, options.zipfExponent());
        results.zipfHottestShare = mixed.hottestShare();
        awaitFolded(last.get());
        Duration warmup = options.closedWarmup();
        Duration measure = options.closedMeasure();
        for (int clients : options.levels()) {
            PhaseResult rawResult = rawInserts(clients);
            PhaseResult deposits = measured(() -> ClosedLoop.run("deposits", clients, warmup, measure,
                    c -> live.writeApi().deposit(own.get(c), 100, "closed-loop deposit")));
            long rejected = mixed.rejected.get();
            long contention = mixed.contention.get();
            PhaseResult mix = measured(() -> ClosedLoop.run("mixed Zipf", clients, warmup, measure, mixed::command));
            LiveResults.ClosedRow row = new LiveResults.ClosedRow(clients, rawResult, deposits, mix,
                    mixed.rejected.get() - rejected, mixed.contention.get() - contention);
            results.closed.add(row);
            log(String.format(Locale.ROOT, "  %d clients: raw %.0f/s, deposits %.0f/s (%.0f%%, errors %d), mixed %.0f/s"
                            + " (%.0f%%, errors %d, 409 %d, rejected %d)", clients, rawResult.throughput(),
                    deposits.throughput(), 100 * deposits.throughput() / rawResult.throughput(), deposits.errors(),
                    mix.throughput(), 100 * mix.throughput() / rawResult.throughput(), mix.errors(),
                    row.mixedContention(), row.mixedRejected()));
        }
    }

    /**
     * The engines' floor at each of {@code rates}, with the services stopped (an idle view's fetches and re-reads
     * would otherwise count against the floor), after {@code floor-warmup} at the warm-up rate for the JIT.
     */
    private void floor(List<Double> rates) throws Exception {
        log("engines' floor: the same requests, commit, record and reads without the services, at " + rates + "/s");
        try (EngineFloor floor = EngineFloor.start(vertx, engines, options.poolAccounts())) {
            cpu.watchTree("floor-http", floor::serverProcess);
            floor.warmUp(options.warmupRate(), options.floorWarmup());
            for (double rate : rates) {
                LiveResults.FloorPoint f = floor.measure(rate, options.rateWarmup(), options.rateMeasure(), cpu);
                results.floor.add(f);
                StringBuilder line = new StringBuilder();
                EngineFloor.COMPONENTS.forEach(c -> line.append(String.format(Locale.ROOT, "%s=%.2f ", c,
                        f.cpuMsPerCommand(c))));
                log(String.format(Locale.ROOT, "  floor at %.0f/s: achieved %.0f/s, p99 %.1f ms, failures %d; CPU"
                        + " ms/command: %s; total %.2f%s", f.target(), f.achieved(), f.latency().p99(), f.failures(),
                        line.toString().trim(), f.cpuMsPerCommandTotal(), results.sweepAt(rate).map(p -> String.format(
                                Locale.ROOT, " against the system's %.2f", p.cpuMsPerCommandOurs())).orElse("")));
            }
            for (int clients : options.levels()) {
                PhaseResult raw = rawInserts(clients);
                long failuresBefore = floor.asyncFailures();
                PhaseResult deposits = onOwnConnections("floor deposits", clients, floor::deposit);
                floor.awaitApplied();
                LiveResults.FloorClosedRow row = new LiveResults.FloorClosedRow(clients, raw,
                        deposits.withErrors(floor.asyncFailures() - failuresBefore));
                results.floorClosed.add(row);
                log(String.format(Locale.ROOT, "  floor closed loop, %d clients: raw %.0f/s, floor deposits %.0f/s"
                        + " (%.0f%%, errors %d)", clients, raw.throughput(), row.deposits().throughput(),
                        100 * row.share(), row.deposits().errors()));
            }
        }
    }

    /** The raw baseline: a closed loop of single-row durable INSERTs, one connection per client. */
    private PhaseResult rawInserts(int clients) throws Exception {
        return onOwnConnections("raw INSERT", clients, RawInserts::insert);
    }

    /** A measured closed loop whose clients each INSERT on a connection of their own. */
    private PhaseResult onOwnConnections(String name, int clients,
            BiFunction<RawInserts, Integer, Future<Void>> operation) throws Exception {
        RawInserts inserts = WriteBenchmark.await(RawInserts.connect(vertx, engines.pgOptions(), clients));
        try {
            return measured(() -> ClosedLoop.run(name, clients, options.closedWarmup(), options.closedMeasure(),
                    c -> operation.apply(inserts, c)));
        } finally {
            inserts.close();
        }
    }

    /** Runs a closed loop while the timer takes CPU samples at the end of its warm-up and of its measurement. */
    private PhaseResult measured(Callable<PhaseResult> body) throws Exception {
        AtomicReference<CpuMeter.Sample> first = new AtomicReference<>();
        AtomicReference<CpuMeter.Sample> last = new AtomicReference<>();
        long warmup = options.closedWarmup().toMillis();
        timer.schedule(() -> first.set(cpu.sample()), warmup, TimeUnit.MILLISECONDS);
        timer.schedule(() -> last.set(cpu.sample()), warmup + options.closedMeasure().toMillis(), TimeUnit.MILLISECONDS);
        PhaseResult result = body.call();
        while (last.get() == null) {
            Thread.sleep(10);
        }
        return result.withCpu(CpuMeter.between(first.get(), last.get()));
    }

    /** Open-loop commands numbered across the whole run, timed from their scheduled moment. */
    private OpenLoop.Scheduled next(EndToEnd e2e) {
        long base = sequence.getAndAdd(10_000_000);
        return (n, scheduled) -> e2e.commandAt((int) (base + n), scheduled);
    }

    /** The relay has published up to {@code position} and every view has folded it. */
    private void awaitFolded(long position) throws Exception {
        live.awaitRelayCaughtUp(position);
        live.awaitViews(position);
    }

    /** Each service on its own database role when pg_stat_statements is on, so its statements can be told apart. */
    private Map<String, String> environmentOf(String service, Map<String, String> env) {
        if (!statements) {
            return env;
        }
        Map<String, String> own = new LinkedHashMap<>(env);
        own.put("TALLY_DB_USER", PgStatements.ROLES.get(service));
        return own;
    }

    private static Map<String, Double> msPerCommand(CpuMeter.Usage usage, double seconds, long commands) {
        Map<String, Double> ms = new LinkedHashMap<>();
        LiveResults.COMPONENTS.forEach(c -> ms.put(c, commands == 0 ? Double.NaN
                : usage.cores().getOrDefault(c, 0.0) * seconds * 1000 / commands));
        return ms;
    }

    private static String perCommandLine(LiveResults.RatePoint p) {
        StringBuilder s = new StringBuilder();
        LiveResults.COMPONENTS.forEach(c -> s.append(String.format(Locale.ROOT, "%s=%.2f ", c, p.cpuMsPerCommand(c))));
        return s.toString().trim();
    }

    /** Flags phases during which processes we did not start used a noticeable share of the machine. */
    private void noteOutsideLoad() {
        List<String> disturbed = new ArrayList<>();
        for (LiveResults.RatePoint p : results.sweep) {
            double other = p.cpu().cores().getOrDefault("other", 0.0);
            if (other > OUTSIDE_LOAD_CORES) {
                disturbed.add(String.format(Locale.ROOT, "sweep at %.0f/s %.2f cores", p.target(), other));
            }
        }
        for (LiveResults.ClosedRow r : results.closed) {
            for (PhaseResult p : List.of(r.raw(), r.deposits(), r.mixed())) {
                double other = p.cpu() == null ? 0 : p.cpu().cores().getOrDefault("other", 0.0);
                if (other > OUTSIDE_LOAD_CORES) {
                    disturbed.add(String.format(Locale.ROOT, "%s at %d clients %.2f cores", p.name(), r.clients(),
                            other));
                }
            }
        }
        if (!disturbed.isEmpty()) {
            results.notes.add("Processes this benchmark did not start (other builds on this shared machine) used more"
                    + " than " + OUTSIDE_LOAD_CORES + " cores during: " + String.join("; ", disturbed)
                    + ". Those phases ran on a partly busy machine; compare them with care.");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (live != null) {
            live.close();
        }
        if (pool != null) {
            pool.close();
        }
        engines.close();
        vertx.close();
    }

    static void log(String message) {
        System.out.println("[live-bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
