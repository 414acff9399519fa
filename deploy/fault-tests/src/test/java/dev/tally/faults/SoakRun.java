package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.ServiceProcess;
import dev.tally.system.TallySystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The soak: the whole system (two write replicas, three views) for {@code tally.soak.minutes} (30) under a mixed
 * load of commands ({@code tally.soak.rate}/s, 250 by default: half of the 540/s the live benchmark reached at
 * saturation, bench/results/live-2026-12-06.md; 16 clients with Idempotency-Key retries) and queries (four readers
 * aiming at as many again), sampling
 * every {@code tally.soak.interval-seconds} (30) each service's RSS, heap after a full GC, threads and open file
 * descriptors, PostgreSQL's connections and its largest tables ({@link SoakSampler}). At the end the usual promise
 * holds, and no series of a service may grow beyond {@link SoakSeries#BOUND} from the second third of the run to the
 * last (the first third is warm-up); table sizes grow with the data and are reported, not bounded.
 *
 * <p>Not part of any build or profile (the class name does not match failsafe's patterns): run it by hand on a quiet
 * machine with {@code deploy/fault-tests/run-soak.sh}. Writes {@code target/soak/}: {@code soak.md} (the table),
 * {@code soak.csv} and one PNG per series.
 */
class SoakRun {

    @Test
    void theSystemRunsForHalfAnHourWithoutGrowing() throws Exception {
        int minutes = Integer.getInteger("tally.soak.minutes", 30);
        int rate = Integer.getInteger("tally.soak.rate", 250);
        Duration interval = Duration.ofSeconds(Integer.getInteger("tally.soak.interval-seconds", 30));
        try (ProductionScenario scenario = new ProductionScenario(TallySystem.start(2), 2026_12_06_5L)) {
            TallySystem system = scenario.system;
            SoakSampler sampler = new SoakSampler(system);
            scenario.load(system.writeReplicas, new CommandLoad.Settings(16, rate, Duration.ofSeconds(10),
                    Duration.ofSeconds(120)), 2026_12_06_5L);
            AtomicLong queries = new AtomicLong();
            List<Thread> readers = queryLoad(system, scenario.accounts(), rate, queries);
            long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            try {
                while (System.nanoTime() < end) {
                    sampler.sample();
                    Thread.sleep(interval.toMillis());
                }
                sampler.sample();
            } finally {
                readers.forEach(Thread::interrupt);
            }
            ScenarioResult result = scenario.finish("soak " + minutes + " min at " + rate + " commands/s and "
                    + rate + " queries/s (" + queries.get() + " queries)", List.of(), -1, false, "");
            List<String> grew = sampler.writeReport(java.nio.file.Path.of("target/soak"), result);
            assertTrue(result.violations().isEmpty(), String.join("\n", result.violations()));
            assertTrue(grew.isEmpty(), "grew beyond the bound: " + grew);
        }
    }

    /** Readers sharing the query rate: one alone cannot keep up with it while each answer waits on a busy machine. */
    private static final int READERS = 4;

    /** GETs spread over the views: an account from each, the audit journal, the back office's totals. */
    private static List<Thread> queryLoad(TallySystem system, List<String> accounts, int rate, AtomicLong count) {
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(reader(system, accounts, Math.max(1, rate / READERS), count, 5 + i));
        }
        return readers;
    }

    private static Thread reader(TallySystem system, List<String> accounts, int rate, AtomicLong count, long seed) {
        Thread thread = new Thread(() -> {
            Random random = new Random(seed);
            long intervalNanos = 1_000_000_000L / Math.max(1, rate);
            long next = System.nanoTime();
            List<ServiceProcess> views = system.views();
            while (!Thread.currentThread().isInterrupted()) {
                ServiceProcess view = views.get(random.nextInt(views.size()));
                String account = accounts.get(random.nextInt(accounts.size()));
                String path = view == system.audit ? "/journal?after=0&limit=20"
                        : random.nextInt(10) == 0 && view == system.backoffice ? "/totals" : "/accounts/" + account;
                Probe.get(view, path);
                count.incrementAndGet();
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "soak-queries-" + seed);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
