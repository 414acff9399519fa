package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.engines.Engine;
import dev.tally.engines.ServiceProcess;
import dev.tally.system.TallySystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults lose nothing. One system of separate processes (two write replicas, each with a relay, and the three views),
 * a bounded concurrent command load with Idempotency-Key retries, and one fault per scenario. After each, once
 * everything has caught up, {@link Promise} checks every command sent since the suite began; the table of all
 * scenarios is printed at the end and written to {@code target/fault-report.md}.
 *
 * <p>With {@code -Dtally.services=native} the services are native executables and the native subset runs: kill -9 of
 * the write service, kill -9 of each view, PostgreSQL stopped and restarted, relay fail-over; the other scenarios are
 * skipped with a message (see {@link #jvmOnly}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final List<ScenarioResult> RESULTS = new ArrayList<>();
    private static final ConcurrentLinkedQueue<IssuedCommand> EVERY_COMMAND = new ConcurrentLinkedQueue<>();

    private static TallySystem system;
    private static Promise promise;
    private static List<String> accounts;

    @BeforeAll
    static void startSystem() {
        system = TallySystem.start(2);
        promise = new Promise(system);
        accounts = CommandLoad.openAccounts(system.writeReplicas, 40, 2026_11_27L);
    }

    @AfterAll
    static void printTable() throws IOException {
        String table = ScenarioResult.table(RESULTS);
        System.out.println("\nFault suite (services: " + TallySystem.SERVICES + ", " + EVERY_COMMAND.size()
                + " commands in all):\n" + table + "\n");
        Files.writeString(Path.of("target/fault-report.md"), table + "\n");
    }

    /** An engine a failed scenario stopped and did not get to restart. */
    private static Engine restartAfterwards;

    /** The running scenario's load, closed after it whatever happened. */
    private static CommandLoad current;

    @AfterEach
    void stopTheLoad() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Every scenario starts from a whole, caught-up system, even if the one before it failed half-way. */
    @BeforeEach
    void wholeSystem() throws Exception {
        if (restartAfterwards != null) {
            restartAfterwards.start();
            restartAfterwards = null;
        }
        for (ServiceProcess service : system.services()) {
            if (!service.isAlive()) {
                system.start(service);
            }
        }
        promise.awaitCaughtUp();
    }

    @Test
    @Order(1)
    void killMinus9OfTheWriteServiceMidLoad() throws Exception {
        ServiceProcess victim = system.writeReplicas.get(0);
        CommandLoad load = load(List.of(victim), CommandLoad.Settings.steady(), 1);
        Thread.sleep(4_000);
        victim.kill();
        Thread.sleep(2_000); // commands meanwhile are refused and retried with their keys
        long restarted = System.nanoTime();
        system.start(victim);
        long recovered = promise.awaitCaughtUp(restarted, promise.head());
        Thread.sleep(2_000);
        finish("kill -9 write service", load, List.of(), recovered);
    }

    @Test
    @Order(2)
    void killMinus9OfEachReadServiceInTheMiddleOfACatchUpBatch() throws Exception {
        CommandLoad load = load(system.writeReplicas, CommandLoad.Settings.steady(), 2);
        Thread.sleep(2_000);
        for (ServiceProcess view : system.views()) {
            view.kill();
        }
        Thread.sleep(12_000); // the views fall behind: a backlog to catch up on
        // Small catch-up batches, so each kill lands between and inside many of them.
        Map<String, String> env = system.environment();
        env.put("TALLY_PROJECTION_MAX_BATCH", "10");
        for (ServiceProcess view : system.views()) {
            view.start(env);
        }
        // Each view's first frontier once it answers, then its kill as soon as it has moved on from there.
        Map<ServiceProcess, long[]> frontiers = new LinkedHashMap<>();
        system.views().forEach(view -> frontiers.put(view, new long[] {-1, -1}));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && frontiers.values().stream().anyMatch(f -> f[1] < 0)) {
            for (var entry : frontiers.entrySet()) {
                long[] f = entry.getValue();
                if (f[1] >= 0) {
                    continue;
                }
                long now = frontierOrMinus1(entry.getKey());
                if (f[0] < 0) {
                    f[0] = now;
                } else if (now > f[0]) {
                    f[1] = now;
                    entry.getKey().kill();
                }
            }
            Thread.sleep(10);
        }
        long head = promise.head();
        List<String> kills = new ArrayList<>();
        frontiers.forEach((view, f) -> kills.add(view.name() + " " + f[0] + " -> " + f[1]));
        assertTrue(frontiers.values().stream().allMatch(f -> f[1] > f[0] && f[1] < head),
                "every view must be killed while catching up (head " + head + "): " + kills);
        long restarted = System.nanoTime();
        for (ServiceProcess view : system.views()) {
            system.start(view);
        }
        long recovered = promise.awaitCaughtUp(restarted, promise.head());
        Thread.sleep(2_000);
        finish("kill -9 of each view mid catch-up (head " + head + "; " + String.join(", ", kills) + ")", load,
                List.of(), recovered);
    }

    @Test
    @Order(3)
    void kafkaStoppedAndRestarted() throws Exception {
        jvmOnly();
        long stoppedAt;
        CommandLoad load = load(system.writeReplicas, CommandLoad.Settings.steady(), 3);
        Thread.sleep(3_000);
        try (ReadinessWatch watch = new ReadinessWatch(system.services())) {
            system.kafka.stop();
            restartAfterwards = system.kafka;
            stoppedAt = System.nanoTime();
            assertTrue(watch.awaitDown(system.views(), 20_000), "every view's readiness goes DOWN: " + watch.summary());
            // The outbox keeps the write side taking commands; a view cannot show them yet, and says so.
            Probe.Answer command = Probe.deposit(system.writeSide, accounts.get(0));
            assertEquals(200, command.status(), "a command while Kafka is down: " + command);
            long position = command.json().path("position").asLong();
            Probe.Answer query = Probe.get(system.backoffice, "/accounts/" + accounts.get(0) + "?minPosition=" + position);
            assertTrue(query.isUnavailableProblem(), "a read-your-writes query while Kafka is down: " + query);
            Thread.sleep(4_000);
            assertTrue(system.writeReplicas.stream().noneMatch(watch::wentDown),
                    "the write side stays ready without Kafka (the outbox holds the events): " + watch.summary());
        }
        long restarted = System.nanoTime();
        String down = secondsSince(stoppedAt);
        system.kafka.start();
        restartAfterwards = null;
        long recovered = promise.awaitCaughtUp(restarted, promise.head());
        Thread.sleep(2_000);
        assertNothingDropped(finish("Kafka stopped " + down + ", restarted", load, List.of(), recovered));
    }

    @Test
    @Order(4)
    void postgresStoppedAndRestarted() throws Exception {
        long stoppedAt;
        CommandLoad load = load(system.writeReplicas, CommandLoad.Settings.steady(), 4);
        Thread.sleep(3_000);
        List<String> errorAnswered = new ArrayList<>();
        try (ReadinessWatch watch = new ReadinessWatch(system.services())) {
            system.postgres.stop();
            restartAfterwards = system.postgres;
            stoppedAt = System.nanoTime();
            assertTrue(watch.awaitDown(system.services(), 20_000), "every service's readiness goes DOWN: "
                    + watch.summary());
            for (ServiceProcess writer : system.writeReplicas) {
                Probe.Answer command = Probe.deposit(writer, accounts.get(1));
                assertTrue(command.isUnavailableProblem() && command.millis() < 5_000,
                        "a command while PostgreSQL is down: " + command);
                errorAnswered.add(command.key());
            }
            for (ServiceProcess view : system.views()) {
                String path = view == system.audit ? "/journal?after=0&limit=10" : "/accounts/" + accounts.get(1);
                Probe.Answer query = Probe.get(view, path);
                assertTrue(query.isUnavailableProblem() && query.millis() < 5_000,
                        view.name() + " while PostgreSQL is down: " + query);
            }
            Thread.sleep(4_000);
        }
        long restarted = System.nanoTime();
        String down = secondsSince(stoppedAt);
        system.postgres.start();
        restartAfterwards = null;
        long recovered = promise.awaitCaughtUp(restarted, promise.head());
        Thread.sleep(2_000);
        assertNothingDropped(finish("PostgreSQL stopped " + down + ", restarted", load, errorAnswered, recovered));
    }

    @Test
    @Order(5)
    void theActiveRelayIsKilledAndTheOtherReplicaTakesOver() throws Exception {
        CommandLoad load = load(system.writeReplicas, CommandLoad.Settings.steady(), 5);
        Thread.sleep(3_000);
        ServiceProcess leader = Relays.leader(system.writeReplicas);
        ServiceProcess standby = system.writeReplicas.stream().filter(r -> r != leader).findFirst().orElseThrow();
        load.target(List.of(standby));
        leader.kill();
        long killed = System.nanoTime();
        long headAtKill = promise.head();
        Relays.awaitLeader(standby, Duration.ofSeconds(30));
        long failedOver = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        // Recovered when the views have everything committed before the kill: the new leader published it.
        long recovered = promise.awaitCaughtUp(killed, headAtKill);
        system.start(leader);
        load.target(system.writeReplicas);
        Thread.sleep(2_000);
        finish("relay leader kill -9 (new leader after " + failedOver + " ms)", load, List.of(), recovered);
    }

    @Test
    @Order(6)
    void aClientThatTimesOutAndRetriesEveryCommand() throws Exception {
        jvmOnly();
        // Shorter than most commands take under this load: the first attempt usually times out while the command
        // is still running, and the retry with the same key races it.
        CommandLoad load = load(system.writeReplicas,
                CommandLoad.Settings.steady().withRequestTimeout(Duration.ofMillis(8)), 6);
        Thread.sleep(15_000);
        // Connections the client itself abandoned may be reported dropped here; they are counted, not judged.
        List<IssuedCommand> commands = finish("client times out after 8 ms, retries", load, List.of(), -1);
        long timedOut = commands.stream().filter(c -> c.timedOut() > 0).count();
        assertTrue(timedOut > commands.size() / 10, "the time-out must bite: " + timedOut + " of " + commands.size());
    }

    @Test
    @Order(7)
    void aRollingRestartUnderLoadLosesAndDuplicatesNothing() throws Exception {
        jvmOnly();
        CommandLoad load = load(system.writeReplicas, CommandLoad.Settings.steady(), 7);
        Thread.sleep(2_000);
        long slowest = 0;
        // A stopping write replica stays a target: the requests in flight when SIGTERM arrives must still be
        // answered, later ones get a 503 problem (or a refused connection) and are retried on the other replica.
        for (ServiceProcess service : system.services()) {
            long stopped = System.nanoTime();
            assertTrue(service.stop(Duration.ofSeconds(30)), service.name() + " did not stop by itself on SIGTERM");
            system.start(service);
            slowest = Math.max(slowest, promise.awaitCaughtUp(stopped, promise.head()));
            Thread.sleep(1_000);
        }
        // Time to recover: the slowest of the six restarts, from SIGTERM until ready and caught up. No 5xx (finish
        // checks it). A request sent on an idle keep-alive connection just as the stopping server closes it gets no
        // answer (HTTP/1.1 cannot prevent that race); it is counted as dropped and its retry with the key resolves it.
        finish("rolling restart (SIGTERM, each service in turn)", load, List.of(), slowest);
    }

    /** Skips a scenario outside the native subset when the services are native executables. */
    private static void jvmOnly() {
        assumeFalse(TallySystem.NATIVE, "not in the native subset: with -Dtally.services=native only kill -9 of the"
                + " write service, kill -9 of each view, PostgreSQL restart and relay fail-over run");
    }

    /** Without a kill -9 or a server stopping, no connection breaks: an engine outage still answers every request. */
    private static void assertNothingDropped(List<IssuedCommand> commands) {
        List<IssuedCommand> dropped = commands.stream().filter(c -> c.dropped() > 0).toList();
        assertTrue(dropped.isEmpty(), dropped.size() + " commands had attempts dropped, e.g. "
                + dropped.stream().limit(3).toList());
    }

    private CommandLoad load(List<ServiceProcess> targets, CommandLoad.Settings settings, long scenario) {
        current = new CommandLoad(targets, accounts, settings, 2026_11_27L * 10 + scenario).start();
        return current;
    }

    /** Stops the load, lets everything catch up, checks the promise over every command so far, records the line. */
    private List<IssuedCommand> finish(String scenario, CommandLoad load, List<String> errorAnswered,
                                       long recoverMillis) throws Exception {
        List<IssuedCommand> commands = load.stop();
        EVERY_COMMAND.addAll(commands);
        accounts = List.copyOf(load.accounts());
        promise.awaitCaughtUp();
        ScenarioResult result = promise.check(scenario, commands, EVERY_COMMAND, errorAnswered, recoverMillis);
        RESULTS.add(result);
        System.out.println(ScenarioResult.table(List.of(result)));
        assertTrue(result.violations().isEmpty(), String.join("\n", result.violations()));
        assertTrue(result.acknowledged() > 100, "the load must have done work: " + result);
        return commands;
    }

    private static String secondsSince(long nanos) {
        return String.format("%.1f s", (System.nanoTime() - nanos) / 1e9);
    }

    private static long frontierOrMinus1(ServiceProcess view) {
        Probe.Answer answer = Probe.get(view, "/projection");
        if (answer.status() != 200) {
            return -1;
        }
        return answer.json().path("frontier").asLong(-1);
    }
}
