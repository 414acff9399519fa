package dev.tally.bench;

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
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
 * Read-side benchmark (issue 4 targets). In one run, on one machine, one fresh PostgreSQL and one fresh Kafka: writes
 * a ledger log of N events to the topic as the relay would, measures a raw Kafka consumer and a raw PostgreSQL batch
 * insert of N rows as baselines, then each view's catch-up over the whole log (one view at a time, the machine to
 * itself), then the latency from command acknowledged to visible in all three views under an open loop of commands
 * through the write service. Writes {@code bench/results/read-<date>.md} and {@code .json}. See bench/README.md.
 */
public final class ReadBenchmark implements AutoCloseable {

    static final double CATCH_UP_GOAL = 20_000;
    static final double VISIBLE_P99_GOAL_MS = 100;
    /** A phase during which processes we did not start used more than this many cores is flagged in the report. */
    private static final double OUTSIDE_LOAD_CORES = 0.25;

    private final ReadOptions options;
    final ReadResults results = new ReadResults();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
            .setBlockedThreadCheckInterval(10_000));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private volatile BenchEngines engines = new BenchEngines();
    private final CpuMeter cpu = new CpuMeter();
    private final Path workDir;
    private final Map<ReadView, ServiceProcess> running = new EnumMap<>(ReadView.class);
    private final Map<ReadView, Path> jars = new EnumMap<>(ReadView.class);
    private volatile LiveServices live;
    private Pool pool;

    private ReadBenchmark(ReadOptions options) {
        this.options = options;
        this.workDir = options.repo().resolve("bench/target/read-run");
    }

    public static void main(String[] args) {
        ReadOptions options = ReadOptions.parse(args);
        int exit = 0;
        ReadBenchmark bench = new ReadBenchmark(options);
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
            bench.noteOutsideLoad();
            ReadReport report = new ReadReport(bench.results, options);
            String title = (options.quick() ? "Read-side benchmark (quick), " : "Read-side benchmark, ")
                    + ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
            Path md = ResultFiles.write(options.outDir(), options.quick() ? "read-quick" : "read",
                    report.markdown(title), report.json());
            log("report written to " + md);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        Path writeJar = ReadView.snapshot(options.servicesFrom(), "write-side/ledger-service", workDir, "write-side");
        for (ReadView v : ReadView.values()) {
            jars.put(v, ReadView.snapshot(options.servicesFrom(), v.module, workDir, v.service));
        }
        live = new LiveServices(writeJar, jars, workDir, "-e2e");
        MachineFacts.collect(results.machine);
        results.machine.put("service builds", "copies of each module's target/quarkus-app taken at the start of the run"
                + " (bench/target/read-run/apps), so a concurrent build cannot swap them mid-run; built from "
                + options.servicesFrom());
        results.machine.put("read services", "java " + String.join(" ", CatchUp.JVM_OPTIONS)
                + " -jar read-side/<view>/target/quarkus-app/quarkus-run.jar (JVM mode), runtime defaults"
                + " (max-batch 500)");
        results.machine.put("write service", "java " + String.join(" ", WriteBenchmark.JVM_OPTIONS)
                + " -jar write-side/target/quarkus-app/quarkus-run.jar (JVM mode)");
        results.machine.put("load generator", "this JVM: Vert.x " + MachineFacts.vertxVersion()
                + " core HTTP client (HTTP/1.1 keep-alive), reactive PostgreSQL client, kafka-clients");
        log("starting PostgreSQL and Kafka");
        engines.start();
        log("engines up: postgres " + engines.postgres.lastStartMillis() + " ms, kafka "
                + engines.kafka.lastStartMillis() + " ms");
        cpu.watchSelf("bench");
        cpu.watchTree("write", () -> live.writeProcess());
        for (ReadView v : ReadView.values()) {
            // During a catch-up the view runs on its own; end to end, with the others.
            cpu.watchTree(shortName(v), () -> BenchEngines.handle(running.get(v)).or(() -> live.viewProcess(v)));
        }
        cpu.watchTree("postgres", () -> engines.postgres.hostProcess());
        cpu.watchTree("kafka", () -> engines.kafka.hostProcess());
        results.statementsUnavailable = PgStatements.enable(vertx, engines);
        pool = PgPool.pool(vertx, engines.pgOptions(), new PoolOptions().setMaxSize(2));
        if (results.statementsUnavailable == null) {
            PgStatements.prepare(pool, engines.postgres.password());
            // Statements run inside functions (the frontier's) are counted too.
            await(pool.query("ALTER SYSTEM SET pg_stat_statements.track = 'all'").execute());
            await(pool.query("SELECT pg_reload_conf()").execute());
        } else {
            log(results.statementsUnavailable);
        }
        engines.describe(pool, results.machine);

        String bootstrap = engines.kafka.bootstrapServers();
        LedgerTopic.create(bootstrap);
        migrateWriteSide();
        writeLog(bootstrap);
        continueWriteSideAfterLog();

        long n = options.events();
        results.rawConsumer = measure("raw Kafka consumer", "kafka-clients consumer, byte[] deserializers, fresh "
                + "group, earliest, read_committed, max.poll.records 500, no processing", () -> {
            RawConsumer.readAll(bootstrap, LedgerTopic.TOPIC, n, false, Duration.ofMinutes(5));
            return n;
        });
        results.rawConsumerParsing = measure("raw Kafka consumer + parse", "the same, plus per record the CloudEvents "
                + "envelope (EnvelopeCodec.fromKafka) and the typed event (EventTypes.deserialize)", () -> {
            RawConsumer.readAll(bootstrap, LedgerTopic.TOPIC, n, true, Duration.ofMinutes(5));
            return n;
        });
        await(pool.query(RawBatchInserts.CREATE_TABLE).execute());
        results.rawInsert = measure("raw PostgreSQL batch insert", "1 connection of the reactive client, "
                + options.insertBatch() + " event-sized rows (8 columns, jsonb ~120 B, bigint primary key) per "
                + "INSERT ... SELECT FROM unnest(arrays), one durable transaction per batch, batches back to back",
                () -> RawBatchInserts.run(vertx, engines.pgOptions(), n, options.insertBatch()));

        for (ReadView view : options.views()) {
            log(view.service + ": catch-up over " + n + " events");
            boolean statements = results.statementsUnavailable == null;
            Map<String, String> env = new LinkedHashMap<>(engines.serviceEnvironment());
            if (statements) {
                // Its own role, so that its statements are told apart from the benchmark's.
                env.put("TALLY_DB_USER", PgStatements.ROLES.get(view.service));
                PgStatements.reset(pool);
            }
            CatchUp.CatchUpResult result = CatchUp.run(view,
                    ServiceArtifact.jvm(jars.get(view), CatchUp.JVM_OPTIONS), workDir, env, n,
                    options.catchUpTimeout(), vertx, pool, cpu, s -> running.put(view, s));
            running.remove(view);
            results.catchUps.add(result);
            if (statements) {
                results.catchUpStatements.put(view.service, PgStatements.read(pool, result.frontier()).stream()
                        .filter(st -> st.role().equals(view.service)).toList());
            }
            log(String.format(Locale.ROOT, "  -> %s: %s, %.0f events/s from ready (%.1f s), %.0f/s from start "
                            + "(%.1f s); cores from ready: %s", view.service,
                    result.caughtUp() ? "caught up" : "NOT caught up (frontier " + result.frontier() + ")",
                    result.rateFromReady(), result.secondsFromReady(), result.rateFromStart(),
                    result.secondsFromStart(), cores(result.cpuFromReady())));
        }
        endToEnd();
    }

    /** Starts the write service once on the empty database so its migrations create its tables, then stops it. */
    private void migrateWriteSide() throws Exception {
        ServiceProcess writeService = live.write();
        log("write service: first start to migrate its schema");
        writeService.start(engines.serviceEnvironment());
        writeService.awaitReady(LiveServices.READY_TIMEOUT);
        writeService.stop(Duration.ofSeconds(20));
    }

    private void writeLog(String bootstrap) throws Exception {
        Instant end = Instant.now();
        LedgerLog log = new LedgerLog(options.events(), options.accounts(), options.seed(), end, Duration.ofDays(30));
        log("writing " + options.events() + " events to " + LedgerTopic.TOPIC);
        results.produce = measure("log written", "generated here (the log the views replay), kafka-clients producer: "
                + "acks=all, idempotent, compression none (as the relay), linger.ms 20, batch.size 256 KiB",
                () -> LedgerTopic.write(bootstrap, log));
        results.eventCounts.putAll(log.counts());
        log("  counts: " + log.counts());
    }

    /**
     * The generated log holds positions 1..N that the event store never appended: the store's position counter and
     * the relay's checkpoint move to N so that commands in the end-to-end phase continue the log at N+1, dense.
     */
    private void continueWriteSideAfterLog() throws Exception {
        long n = options.events();
        await(pool.preparedQuery("UPDATE eventstore.position_counter SET value = $1 WHERE id = 1")
                .execute(Tuple.of(n)));
        await(pool.preparedQuery("INSERT INTO eventstore.relay_checkpoints (relay_name, position) VALUES ('kafka', $1)"
                + " ON CONFLICT (relay_name) DO UPDATE SET position = EXCLUDED.position").execute(Tuple.of(n)));
    }

    private ReadResults.Baseline measure(String name, String how, Callable<Long> body) throws Exception {
        log(name + "...");
        CpuMeter.Sample before = cpu.sample();
        long begin = System.nanoTime();
        long count = body.call();
        double seconds = (System.nanoTime() - begin) / 1e9;
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.sample());
        ReadResults.Baseline result = new ReadResults.Baseline(name, how, count, seconds, usage);
        log(String.format(Locale.ROOT, "  -> %s: %d in %.1f s = %.0f/s; cores: %s", name, count, seconds,
                result.perSecond(), cores(usage)));
        return result;
    }

    private void endToEnd() throws Exception {
        boolean allCaughtUp = options.views().containsAll(List.of(ReadView.values()))
                && results.catchUps.stream().allMatch(CatchUp.CatchUpResult::caughtUp);
        long n = allCaughtUp ? options.events() : 0;
        String startedFrom;
        if (allCaughtUp) {
            log("end to end: write service and all three views on the caught-up database");
            startedFrom = "the same database and log after the catch-ups (views resume at their checkpoints, "
                    + "N = " + n + "; the write service continues the log at N+1)";
        } else {
            log("end to end: not every view caught up, so on fresh engines (empty database and log)");
            startedFrom = "fresh engines (empty database and log), because not every view had caught up with the "
                    + options.events() + "-event log";
            pool.close();
            engines.close();
            engines = new BenchEngines();
            engines.start();
            pool = PgPool.pool(vertx, engines.pgOptions(), new PoolOptions().setMaxSize(2));
            LedgerTopic.create(engines.kafka.bootstrapServers());
        }
        Map<String, String> env = engines.serviceEnvironment();
        live.start(vertx, service -> env);
        WriteApi writeApi = live.writeApi();
        Map<ReadView, JsonHttp> views = live.viewClients();
        live.awaitViews(n);
        AtomicLong last = new AtomicLong(n);
        log("opening and funding " + options.poolAccounts() + " accounts");
        List<String> accounts = EndToEnd.openAccounts(writeApi, options.poolAccounts(), last);
        live.awaitViews(last.get());

        log(String.format(Locale.ROOT, "warm-up: %.0f commands/s for %d s", options.rate(),
                options.e2eWarmup().toSeconds()));
        EndToEnd warm = new EndToEnd(writeApi, views, accounts);
        PhaseResult warmup = OpenLoop.run("warm-up", options.rate(), Duration.ZERO, options.e2eWarmup(), warm::commandAt);
        live.awaitRelayCaughtUp(warm.lastPosition.get());

        EndToEnd e2e = new EndToEnd(writeApi, views, accounts);
        await(writeApi.resetRelayLag());
        AtomicReference<CpuMeter.Sample> first = new AtomicReference<>(cpu.sample());
        AtomicReference<CpuMeter.Sample> lastSample = new AtomicReference<>();
        timer.schedule(() -> lastSample.set(cpu.sample()), options.e2eMeasure().toMillis() + 50, TimeUnit.MILLISECONDS);
        log(String.format(Locale.ROOT, "measuring: %.0f commands/s for %d s", options.rate(),
                options.e2eMeasure().toSeconds()));
        PhaseResult phase = OpenLoop.run("command → visible in all three views", options.rate(), Duration.ZERO,
                options.e2eMeasure(), e2e::commandAt);
        while (lastSample.get() == null) {
            Thread.sleep(10);
        }
        phase = phase.withCpu(CpuMeter.between(first.get(), lastSample.get()));
        live.awaitRelayCaughtUp(e2e.lastPosition.get());
        JsonObject relay = await(writeApi.relay());
        Map<ReadView, Latencies.Summary> perView = new EnumMap<>(ReadView.class);
        e2e.perView.forEach((v, l) -> perView.put(v, l.summary()));
        results.endToEnd = new ReadResults.EndToEndResult(phase, e2e.visible.summary(), e2e.acknowledged.summary(),
                perView, e2e.commandFailures.get(), e2e.viewFailures.get(), e2e.unavailable.get(), warmup.errors(),
                relay, startedFrom);
        Latencies.Summary v = e2e.visible.summary();
        log(String.format(Locale.ROOT, "  -> visible in all views: p50 %.1f p90 %.1f p99 %.1f max %.1f ms over %d;"
                        + " failures %d (503: %d); cores: %s", v.p50(), v.p90(), v.p99(), v.max(), v.count(),
                phase.errors(), e2e.unavailable.get(), cores(phase.cpu())));
    }

    /** Flags phases during which processes we did not start used a noticeable share of the machine. */
    void noteOutsideLoad() {
        List<String> disturbed = new ArrayList<>();
        List<Map.Entry<String, CpuMeter.Usage>> phases = new ArrayList<>();
        for (ReadResults.Baseline b : new ReadResults.Baseline[] {results.rawConsumer, results.rawConsumerParsing,
                results.rawInsert}) {
            if (b != null) {
                phases.add(Map.entry(b.name(), b.cpu()));
            }
        }
        results.catchUps.forEach(c -> phases.add(Map.entry(c.view() + " catch-up", c.cpuFromReady())));
        if (results.endToEnd != null && results.endToEnd.phase().cpu() != null) {
            phases.add(Map.entry("end to end", results.endToEnd.phase().cpu()));
        }
        for (var p : phases) {
            double other = p.getValue().cores().getOrDefault("other", 0.0);
            if (other > OUTSIDE_LOAD_CORES) {
                disturbed.add(p.getKey() + String.format(Locale.ROOT, " %.2f cores", other));
            }
        }
        if (!disturbed.isEmpty()) {
            results.notes.add("Processes this benchmark did not start (other builds on this shared machine) used more"
                    + " than " + OUTSIDE_LOAD_CORES + " cores during: " + String.join("; ", disturbed)
                    + ". Those phases ran on a partly busy machine; compare them with care.");
        }
        results.machine.put("load average at end", MachineFacts.loadAverage());
    }

    static String shortName(ReadView v) {
        return v.service.replace("-view", "");
    }

    private static String cores(CpuMeter.Usage usage) {
        StringBuilder s = new StringBuilder();
        usage.cores().forEach((k, v) -> {
            if (v >= 0.005) {
                s.append(String.format(Locale.ROOT, " %s=%.2f", k, v));
            }
        });
        return s.toString().trim();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        running.values().forEach(s -> s.stop(Duration.ofSeconds(20)));
        running.clear();
        if (live != null) {
            live.close();
        }
        if (pool != null) {
            pool.close();
        }
        engines.close();
        vertx.close();
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return WriteBenchmark.await(future);
    }

    static void log(String message) {
        System.out.println("[read-bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
