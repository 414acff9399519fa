package dev.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.tally.engines.Ports;
import dev.tally.engines.ServiceProcess;
import io.vertx.core.Vertx;

/**
 * The write service and the three read services running together as processes on one PostgreSQL and Kafka, with an
 * HTTP client to each: the live system the end-to-end measurements drive, and the waits they need (relay leading,
 * relay published up to a position, every view folded up to a position).
 */
final class LiveServices implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    static final Duration WAIT_TIMEOUT = Duration.ofSeconds(120);
    private static final int CONNECTIONS_PER_SERVICE = 64;

    private final ServiceProcess write;
    private final Map<ReadView, ServiceProcess> views = new EnumMap<>(ReadView.class);
    private final Map<ReadView, JsonHttp> viewClients = new EnumMap<>(ReadView.class);
    private final Map<String, Long> readyMillis = new ConcurrentHashMap<>();
    private WriteApi writeApi;

    /** {@code logSuffix} tells this run's service logs apart from other phases' in {@code workDir}. */
    LiveServices(Path writeJar, Map<ReadView, Path> viewJars, Path workDir, String logSuffix) {
        write = new ServiceProcess("write-side", writeJar, Ports.freeLoopbackPort(),
                workDir.resolve("write-service" + logSuffix + ".log"), WriteBenchmark.JVM_OPTIONS);
        for (ReadView v : ReadView.values()) {
            views.put(v, new ServiceProcess(v.service, viewJars.get(v), Ports.freeLoopbackPort(),
                    workDir.resolve(v.service + logSuffix + ".log"), CatchUp.JVM_OPTIONS));
        }
    }

    ServiceProcess write() {
        return write;
    }

    /**
     * Starts all four services at once (each with the environment {@code environmentOf(service name)} gives), waits
     * until each is ready, opens the clients and waits until the relay leads.
     */
    void start(Vertx vertx, Function<String, Map<String, String>> environmentOf) throws Exception {
        write.start(environmentOf.apply(write.name()));
        for (ServiceProcess view : views.values()) {
            view.start(environmentOf.apply(view.name()));
        }
        // Awaited in parallel so each ready time is that service's own, not the slowest one's before it.
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ServiceProcess s : all()) {
            ready.add(CompletableFuture.runAsync(() -> {
                try {
                    s.awaitReady(READY_TIMEOUT);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
                readyMillis.put(s.name(), s.millisSinceStart());
            }));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        writeApi = new WriteApi(vertx, write.port(), CONNECTIONS_PER_SERVICE, false);
        for (ReadView v : ReadView.values()) {
            viewClients.put(v, new JsonHttp(vertx, views.get(v).port(), CONNECTIONS_PER_SERVICE));
        }
        awaitRelayLeader();
    }

    WriteApi writeApi() {
        return writeApi;
    }

    Map<ReadView, JsonHttp> viewClients() {
        return viewClients;
    }

    /** Milliseconds from exec until {@code /q/health/ready} answered UP (polled every 200 ms), per service. */
    Map<String, Long> readyMillis() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        all().forEach(s -> ordered.put(s.name(), readyMillis.get(s.name())));
        return ordered;
    }

    private List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(List.of(write));
        all.addAll(views.values());
        return all;
    }

    Optional<ProcessHandle> writeProcess() {
        return BenchEngines.handle(write);
    }

    Optional<ProcessHandle> viewProcess(ReadView view) {
        return BenchEngines.handle(views.get(view));
    }

    /** Waits until every view's frontier has reached {@code position}. */
    void awaitViews(long position) throws Exception {
        long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
        for (ReadView v : ReadView.values()) {
            while (WriteBenchmark.await(viewClients.get(v).get("/projection")).getLong("frontier", 0L) < position) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(v.service + " did not reach position " + position + " within "
                            + WAIT_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(200);
            }
        }
    }

    void awaitRelayLeader() throws Exception {
        long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
        while (!WriteBenchmark.await(writeApi.relay()).getBoolean("leader", false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not become leader");
            }
            Thread.sleep(100);
        }
    }

    void awaitRelayCaughtUp(long position) throws Exception {
        long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
        while (WriteBenchmark.await(writeApi.relay()).getLong("checkpoint", 0L) < position) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("relay did not publish up to " + position);
            }
            Thread.sleep(100);
        }
    }

    /** Stops the views and the write service (also when they never started) and closes the clients. */
    @Override
    public void close() {
        views.values().forEach(s -> s.stop(Duration.ofSeconds(20)));
        write.stop(Duration.ofSeconds(20));
        viewClients.values().forEach(JsonHttp::close);
        if (writeApi != null) {
            writeApi.close();
        }
    }
}
