package dev.tally.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.tally.engines.Ports;
import dev.tally.engines.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;

/**
 * Write-side benchmark (issue 3 targets). In one run, on one machine and one fresh PostgreSQL (durability defaults):
 * the raw insert baseline and the write service over HTTP at the same concurrency, account openings, deposits at half
 * the peak rate (open loop) with the relay's commit-to-ack lag, and the effect of snapshots on a long stream. Writes
 * {@code bench/results/write-<date>.md} and {@code .json}. See bench/README.md.
 */
public final class WriteBenchmark implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);
    private static final int OPEN_LOOP_ACCOUNTS = 128;
    /** A phase during which processes we did not start used more than this many cores is flagged in the report. */
    private static final double OUTSIDE_LOAD_CORES = 0.25;

    private final Options options;
    private final Results results = new Results();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
            .setBlockedThreadCheckInterval(10_000));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BenchEngines engines = new BenchEngines();
    private final CpuMeter cpu = new CpuMeter();
    private final Path workDir;
    /** The write service's JVM: a heap this size never limits a single service on this machine. */
    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m");

    private ServiceProcess service;
    private WriteApi api;
    private Pool pool;
    private PgConnectOptions pgOptions;
    private int httpPort;
    private List<String> accounts = List.of();

    private WriteBenchmark(Options options) {
        this.options = options;
        this.workDir = options.repo().resolve("bench/target/run");
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        int exit = 0;
        WriteBenchmark bench = new WriteBenchmark(options);
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
            bench.writeReport();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        MachineFacts.collect(results.machine);
        results.machine.put("write service", "java " + String.join(" ", JVM_OPTIONS)
                + " -jar write-side/ledger-service/target/quarkus-app/quarkus-run.jar (JVM mode)");
        results.machine.put("load generator", "this JVM: Vert.x " + MachineFacts.vertxVersion()
                + " core HTTP client (HTTP/1.1 keep-alive) and reactive PostgreSQL client, 2 event loops"
                + (options.idempotencyKeys() ? "; every command has an Idempotency-Key" : "; no Idempotency-Key"));
        log("starting PostgreSQL and Kafka");
        engines.start();
        log("engines up: postgres " + engines.postgres.lastStartMillis() + " ms, kafka "
                + engines.kafka.lastStartMillis() + " ms");
        cpu.watchSelf("bench");
        cpu.watchTree("service", () -> BenchEngines.handle(service));
        cpu.watchTree("postgres", engines.postgres::hostProcess);
        cpu.watchTree("kafka", engines.kafka::hostProcess);

        pgOptions = engines.pgOptions();
        pool = PgPool.pool(vertx, pgOptions, new PoolOptions().setMaxSize(2));
        engines.describe(pool, results.machine);
        await(pool.query(RawInserts.CREATE_TABLE).execute());

        httpPort = Ports.freeLoopbackPort();
        service = new ServiceProcess("write-side", options.repo().resolve("write-side/ledger-service/target/quarkus-app/quarkus-run.jar"),
                httpPort, workDir.resolve("write-service.log"), JVM_OPTIONS);
        startService(100);
        accounts = openAccounts(options.maxClients());
        warmUpService();

        for (int clients : options.levels()) {
            boolean main = clients == options.mainClients();
            Duration warmup = main ? options.mainWarmup() : options.warmup();
            Duration measure = main ? options.mainMeasure() : options.measure();
            results.raw.add(rawInserts(clients, warmup, measure));
            results.deposits.add(http("deposits", clients, warmup, measure,
                    client -> api.deposit(accounts.get(client), 100, "bench")));
            if (main) {
                halfPeak(); // right after the peak it is derived from, under the same machine conditions
            }
        }
        AtomicInteger owners = new AtomicInteger();
        results.opens.add(http("account openings", options.mainClients(), options.mainWarmup(), options.mainMeasure(),
                client -> api.openAccount("bench-owner-" + owners.incrementAndGet()).mapEmpty()));
        snapshotEffect();
        noteOutsideLoad();
    }

    private PhaseResult rawInserts(int clients, Duration warmup, Duration measure) throws Exception {
        RawInserts raw = await(RawInserts.connect(vertx, pgOptions, clients));
        try {
            return measured("raw INSERT", clients, warmup, measure, false,
                    () -> ClosedLoop.run("raw INSERT", clients, warmup, measure, raw::insert));
        } finally {
            raw.close();
        }
    }

    private PhaseResult http(String name, int clients, Duration warmup, Duration measure, Operation operation)
            throws Exception {
        return measured(name, clients, warmup, measure, true,
                () -> ClosedLoop.run(name, clients, warmup, measure, operation));
    }

    /**
     * Open loop at half the deposit peak measured at the main concurrency, spread round robin over its own
     * {@value #OPEN_LOOP_ACCOUNTS} accounts: with a handful of accounts, an open loop makes requests to the same account
     * overlap and turns a brief stall into optimistic-concurrency retries, which is a property of the load, not of the
     * service.
     */
    private void halfPeak() throws Exception {
        List<String> accounts = openAccounts(OPEN_LOOP_ACCOUNTS);
        PhaseResult peak = results.depositsAt(options.mainClients()).orElseThrow();
        double rate = Math.max(1, peak.throughput() / 2);
        Duration warmup = options.mainWarmup();
        Duration measure = options.mainMeasure();
        String name = "deposits at half peak";
        results.halfPeak = measured(name, 0, warmup, measure, true,
                () -> OpenLoop.run(name, rate, warmup, measure,
                        n -> api.deposit(accounts.get(n % accounts.size()), 100, "bench open loop")));
    }

    /**
     * Runs {@code body} while a timer, at the end of its warm-up, takes a CPU sample and (HTTP phases) resets the
     * relay's lag window, and takes the closing CPU sample at the end of the measurement.
     */
    private PhaseResult measured(String name, int clients, Duration warmup, Duration measure, boolean http,
                                 java.util.concurrent.Callable<PhaseResult> body) throws Exception {
        log(name + (clients > 0 ? " (" + clients + " clients)" : "") + ": " + warmup.toSeconds() + " s warm-up + "
                + measure.toSeconds() + " s");
        AtomicReference<CpuMeter.Sample> first = new AtomicReference<>();
        AtomicReference<CpuMeter.Sample> last = new AtomicReference<>();
        BackendStates backends = new BackendStates();
        AtomicReference<Map<String, Double>> backendAverages = new AtomicReference<>();
        long startMillis = warmup.toMillis();
        timer.schedule(() -> {
            first.set(cpu.sample());
            backends.start(vertx, pool);
            if (http) {
                api.resetRelayLag();
            }
        }, startMillis, TimeUnit.MILLISECONDS);
        timer.schedule(() -> {
            last.set(cpu.sample());
            backendAverages.set(backends.stop(vertx));
        }, startMillis + measure.toMillis(), TimeUnit.MILLISECONDS);
        PhaseResult result = body.call();
        while (last.get() == null) {
            Thread.sleep(10);
        }
        result = result.withCpu(CpuMeter.between(first.get(), last.get()));
        results.backends.put(Results.label(result), backendAverages.get());
        if (http) {
            awaitRelayCaughtUp();
            JsonObject relay = await(api.relay());
            results.relayLag.put(Results.label(result), relay.getJsonObject("lag"));
        }
        StringBuilder cores = new StringBuilder();
        result.cpu().cores().forEach((k, v) -> cores.append(String.format(java.util.Locale.ROOT, " %s=%.2f", k, v)));
        log(String.format(java.util.Locale.ROOT, "  -> %s: %.0f/s p50 %.2f ms p99 %.2f ms errors %d; cores:%s;"
                        + " backends: %s", Results.label(result), result.throughput(), result.latency().p50(),
                result.latency().p99(), result.errors(), cores, backendAverages.get()));
        return result;
    }

    private void noteOutsideLoad() {
        List<String> disturbed = new ArrayList<>();
        List<PhaseResult> all = new ArrayList<>(results.raw);
        all.addAll(results.deposits);
        all.addAll(results.opens);
        if (results.halfPeak != null) {
            all.add(results.halfPeak);
        }
        for (PhaseResult p : all) {
            double other = p.cpu() == null ? 0 : p.cpu().cores().getOrDefault("other", 0.0);
            if (other > OUTSIDE_LOAD_CORES) {
                disturbed.add(Results.label(p) + String.format(java.util.Locale.ROOT, " %.2f cores", other));
            }
        }
        if (!disturbed.isEmpty()) {
            results.notes.add("Processes this benchmark did not start used more than " + OUTSIDE_LOAD_CORES
                    + " cores during: " + String.join("; ", disturbed) + ". Those phases ran on a partly busy machine;"
                    + " compare them with care.");
        }
    }

    /** A long stream, then deposits on it with snapshots off and on (the service restarted for each). */
    private void snapshotEffect() throws Exception {
        log("snapshot effect: building a " + options.longStream() + "-event stream");
        String account = await(api.openAccount("bench-long-stream"));
        await(api.deposit(account, 100, "first deposit, copied below"));
        await(LongStream.appendCopies(pool, account, Math.max(0, options.longStream() - 2)));
        results.longStreamEvents = (int) (long) await(LongStream.streamVersion(pool, account));
        awaitRelayCaughtUp();
        int warmupRequests = 20;

        stopService();
        await(LongStream.deleteSnapshot(pool, account));
        startService(0);
        warmUpService();
        results.snapshotsOff = LongStream.measureDeposits("0 (off)", api, account, warmupRequests,
                options.snapshotRequests());
        log("  snapshots off: " + results.snapshotsOff.latency());
        stopService();

        startService(100);
        warmUpService();
        results.snapshotsOn = LongStream.measureDeposits("100 (default)", api, account, warmupRequests,
                options.snapshotRequests());
        log("  snapshots on: " + results.snapshotsOn.latency());
        awaitRelayCaughtUp();
        stopService();
    }

    private void stopService() {
        service.stop(Duration.ofSeconds(20));
    }

    private void startService(int snapshotEvery) throws Exception {
        if (api != null) {
            api.close();
        }
        long begin = System.nanoTime();
        Map<String, String> env = new java.util.HashMap<>(engines.serviceEnvironment());
        env.put("TALLY_EVENTSTORE_SNAPSHOT_EVERY", String.valueOf(snapshotEvery));
        service.start(env);
        api = new WriteApi(vertx, httpPort, 64, options.idempotencyKeys());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!await(api.ready())) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the write service exited; log: " + service.logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the write service was not ready within " + READY_TIMEOUT.toSeconds()
                        + " s; log: " + service.logFile());
            }
            Thread.sleep(200);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        log("write service ready (snapshot-every=" + snapshotEvery + ") in " + millis + " ms");
        awaitRelayLeader();
    }

    /** Unmeasured load so the service's JIT has compiled the request path before anything is timed. */
    private void warmUpService() throws Exception {
        log("service warm-up: " + options.serviceWarmup().toSeconds() + " s of deposits");
        ClosedLoop.run("warm-up", Math.min(4, accounts.size()), Duration.ZERO, options.serviceWarmup(),
                client -> api.deposit(accounts.get(client), 1, "warm-up"));
        awaitRelayCaughtUp();
    }

    private List<String> openAccounts(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(await(api.openAccount("bench-client-" + i)));
        }
        return List.copyOf(ids);
    }

    /** Waits until the relay has published everything committed, so one phase's backlog never loads the next. */
    private void awaitRelayCaughtUp() throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            long head = await(pool.query("SELECT value FROM eventstore.position_counter WHERE id = 1").execute())
                    .iterator().next().getLong("value");
            long checkpoint = await(api.relay()).getLong("checkpoint");
            if (checkpoint >= head) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("relay still at " + checkpoint + " of " + head + " after "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private void awaitRelayLeader() throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!await(api.relay()).getBoolean("leader", false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not become leader");
            }
            Thread.sleep(100);
        }
    }

    private void writeReport() throws Exception {
        Report report = new Report(results, options);
        String markdown = report.markdown("Write-side benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .withNano(0).toString());
        Path md = ResultFiles.write(options.outDir(), options.quick() ? "write-quick" : "write", markdown,
                report.json());
        log("report written to " + md);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (service != null) {
            stopService();
        }
        if (api != null) {
            api.close();
        }
        if (pool != null) {
            pool.close();
        }
        engines.close();
        vertx.close();
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return LongStream.await(future, Duration.ofSeconds(60));
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
