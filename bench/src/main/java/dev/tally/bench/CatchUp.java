package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tally.engines.Ports;
import dev.tally.engines.ServiceArtifact;
import dev.tally.engines.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * One view's catch-up over the whole log: starts the service on a log it has never read, waits for readiness, then
 * polls {@code GET /projection} every 250 ms until {@code frontier == N} and {@code lagEvents == 0}. Measures the
 * time from process start and from readiness, the CPU of each component, PostgreSQL's transaction and busy-time
 * counters and the batch sizes the runtime reports, then stops the service.
 */
final class CatchUp {

    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx768m");
    private static final Duration POLL = Duration.ofMillis(250);

    private CatchUp() {
    }

    /**
     * @param artifact the view's JVM build (with {@link #JVM_OPTIONS}) or native executable
     * @param started called with the service once it is started, so the caller's CPU meter can follow its tree
     */
    static CatchUpResult run(ReadView view, ServiceArtifact artifact, Path workDir, Map<String, String> env, long total,
                             Duration timeout, Vertx vertx, Pool pool, CpuMeter cpu,
                             Consumer<ServiceProcess> started) throws Exception {
        ServiceProcess service = new ServiceProcess(view.service, artifact, Ports.freeLoopbackPort(),
                workDir.resolve(view.service + (artifact.isNative() ? "-native" : "") + ".log"));
        JsonHttp http = new JsonHttp(vertx, service.port(), 2);
        try {
            Map<String, Double> pgAtStart = WriteBenchmark.await(PgActivity.read(pool));
            CpuMeter.Sample cpuAtStart = cpu.sample();
            long begin = System.nanoTime();
            service.start(env);
            started.accept(service);
            service.awaitReady(Duration.ofSeconds(180));
            long ready = System.nanoTime();
            CpuMeter.Sample cpuAtReady = cpu.sample();
            BackendStates backends = new BackendStates();
            backends.start(vertx, pool);
            JsonObject first = WriteBenchmark.await(http.get("/projection"));
            long frontierAtReady = first.getLong("frontier", 0L);
            long deadline = ready + timeout.toNanos();
            long batchSamples = 0;
            long batchEventsSum = 0;
            long batchEventsMax = 0;
            long batchRateSum = 0;
            JsonObject report = first;
            boolean timedOut = false;
            while (!(report.getLong("frontier", 0L) >= total && report.getLong("lagEvents", 1L) == 0)) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(view.service + " exited during catch-up; last lines of its log:\n"
                            + service.tail(30));
                }
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                Thread.sleep(POLL.toMillis());
                report = WriteBenchmark.await(http.get("/projection"));
                JsonObject batch = report.getJsonObject("lastBatch");
                if (batch != null && batch.getLong("events", 0L) > 0) {
                    batchSamples++;
                    batchEventsSum += batch.getLong("events");
                    batchEventsMax = Math.max(batchEventsMax, batch.getLong("events"));
                    batchRateSum += batch.getLong("eventsPerSecond", 0L);
                }
            }
            long done = System.nanoTime();
            CpuMeter.Sample cpuAtDone = cpu.sample();
            Map<String, Double> backendStates = backends.stop(vertx);
            Map<String, Double> pgAtDone = WriteBenchmark.await(PgActivity.read(pool));
            long frontier = report.getLong("frontier", 0L);
            return new CatchUpResult(view.service, total, frontier, frontierAtReady, timedOut,
                    nanosToSeconds(ready - begin), nanosToSeconds(done - begin), nanosToSeconds(done - ready),
                    report.getLong("eventsApplied", 0L), report.getLong("deadLettered", 0L),
                    report.getLong("skipped", 0L), report.getLong("gaps", 0L), report.getString("status"),
                    batchSamples == 0 ? 0 : (double) batchEventsSum / batchSamples, batchEventsMax,
                    batchSamples == 0 ? 0 : (double) batchRateSum / batchSamples,
                    CpuMeter.between(cpuAtStart, cpuAtDone), CpuMeter.between(cpuAtReady, cpuAtDone),
                    PgActivity.delta(pgAtStart, pgAtDone), backendStates);
        } finally {
            http.close();
            service.stop(Duration.ofSeconds(20));
        }
    }

    private static double nanosToSeconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * @param frontier         the view's frontier when measuring stopped ({@code total} unless it timed out)
     * @param frontierAtReady  how far it had folded when it became ready (counted in the rate from readiness)
     * @param pgDelta          pg_stat_database differences from start to done (see {@link PgActivity})
     * @param backends         average pg_stat_activity client-backend states from readiness to done
     */
    record CatchUpResult(String view, long total, long frontier, long frontierAtReady, boolean timedOut,
                         double startupSeconds, double secondsFromStart, double secondsFromReady, long eventsApplied,
                         long deadLettered, long skipped, long gaps, String status, double meanBatch,
                         long maxBatch, double meanBatchRate, CpuMeter.Usage cpuFromStart,
                         CpuMeter.Usage cpuFromReady, Map<String, Double> pgDelta, Map<String, Double> backends) {

        /** Events folded per second counted from process start. */
        double rateFromStart() {
            return frontier / secondsFromStart;
        }

        /** Events folded per second after readiness: those folded before it are not counted. */
        double rateFromReady() {
            return (frontier - frontierAtReady) / secondsFromReady;
        }

        boolean caughtUp() {
            return !timedOut && frontier >= total;
        }
    }
}
