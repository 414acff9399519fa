package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.tally.engines.KafkaEngine;
import dev.tally.engines.PostgresEngine;
import dev.tally.engines.ServiceProcess;
import dev.tally.system.TallySystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Silent network loss: the second write replica and the accounts view run in a network namespace
 * ({@link NetworkNamespace}) where nftables drops, both ways and without a reset, first every packet to and from
 * PostgreSQL, then every packet to and from Kafka, each for longer than every timeout of the services
 * (README "Faults and recovery"). Meanwhile probes to the services inside must be answered within the configured
 * bounds (2xx or 503 problem+json, never a hang or a 500), the services outside must carry on, and once packets flow
 * again everything recovers with the usual promise. Part of {@code -Pproduction-faults} (needs root).
 */
class NetworkLossProductionIT {

    /** Longer than every bound: dead peer 10 s (the server's side ~20 s), connect 5 s, Kafka requests 10 s. */
    private static final Duration LOSS = Duration.ofSeconds(45);
    /** The slowest answer allowed while packets are lost: a pooled wait plus a dead connection, with room for a busy machine. */
    private static final long BOUND_MILLIS = 25_000;

    @Test
    void servicesCutOffFromPostgresqlThenFromKafkaAnswerWithinBoundsAndRecover() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "a network namespace needs root");
        try (NetworkNamespace ns = NetworkNamespace.create();
             PostgresEngine postgres = PostgresEngine.temporary()
                     .alsoReachableAt(NetworkNamespace.HOST_ADDRESS, NetworkNamespace.NETWORK);
             KafkaEngine kafka = KafkaEngine.temporary()) {
            String kafkaInside = kafka.alsoReachableAt(NetworkNamespace.HOST_ADDRESS);
            postgres.start();
            kafka.start();
            TallySystem.Placement inside = new TallySystem.Placement(Set.of("write-side-2", "accounts-view"),
                    ns.commandPrefix(), NetworkNamespace.NAMESPACE_ADDRESS,
                    new TallySystem.Engines(postgres.reactiveUrlAt(NetworkNamespace.HOST_ADDRESS), kafkaInside));
            try (ProductionScenario scenario = new ProductionScenario(TallySystem.start(2,
                    new TallySystem.Engines(postgres.reactiveUrl(), kafka.bootstrapServers()), inside), 2026_12_06_3L)) {
                TallySystem system = scenario.system;
                ServiceProcess cutOff = system.writeReplicas.get(1);
                lossOfPostgresql(scenario, ns, postgres.port(), cutOff);
                lossOfKafka(scenario, ns, Integer.parseInt(kafkaInside.substring(kafkaInside.lastIndexOf(':') + 1)));
            }
        }
    }

    /** Write replica 2 and the accounts view lose PostgreSQL; replica 1 and the other views do not. */
    private static void lossOfPostgresql(ProductionScenario scenario, NetworkNamespace ns, int postgresPort,
                                         ServiceProcess cutOff) throws Exception {
        TallySystem system = scenario.system;
        scenario.load(system.writeReplicas, CommandLoad.Settings.steady(), 2026_12_06_3L);
        Thread.sleep(4_000);
        String account = scenario.accounts().get(0);
        OutageWatch inside = new OutageWatch(cutOff, account, system.accounts, "/accounts/" + account);
        OutageWatch outside = new OutageWatch(system.writeSide, scenario.accounts().get(1), system.backoffice,
                "/accounts/" + scenario.accounts().get(1));
        long lostAt, restoredAt, recovered;
        try (inside; outside) {
            Thread.sleep(1_000);
            ns.drop(postgresPort);
            lostAt = inside.now();
            Thread.sleep(LOSS.toMillis());
            ns.restore();
            restoredAt = inside.now();
            long restoredNanos = System.nanoTime();
            recovered = scenario.promise.awaitCaughtUp(restoredNanos, scenario.promise.head());
            Thread.sleep(2_000);
        }
        List<String> retried = retryWithTheSameKeys(inside, cutOff, account);
        EventStoreRecord store = EventStoreRecord.read(system);
        for (String key : inside.errorAnsweredKeys()) {
            assertEquals(1, store.positionsByKey.getOrDefault(key, List.of()).size(),
                    "a probe answered 503 and retried with its key has exactly one effect: " + key);
        }
        String notes = String.format("inside (write replica 2, accounts view): %s; first acknowledged probe command"
                        + " %.1f s after packets flowed again; %d probe commands answered 503 were retried with their"
                        + " keys, %d of them had taken effect (answered as replays). Outside (write replica 1, back"
                        + " office): %s.", inside.summary(),
                (inside.firstCommandSuccessAfter(restoredAt) - restoredAt) / 1000.0,
                inside.errorAnsweredKeys().size(), retried.size(), outside.summary());
        scenario.finish("silent loss between services and PostgreSQL (" + LOSS.toSeconds() + " s, write replica 2"
                + " and the accounts view cut off)", List.of(), recovered, true, notes);
        assertProperAndBounded(inside);
        assertProperAndBounded(outside);
        assertTrue(inside.samples().stream().anyMatch(s -> s.atMillis() >= lostAt && s.atMillis() <= restoredAt
                && s.answer().status() == 503), "the loss must bite: " + inside.summary());
        assertTrue(outside.samples().stream().anyMatch(s -> s.what().equals("command") && s.atMillis() > lostAt
                        + 25_000 && s.atMillis() <= restoredAt && s.answer().status() == 200),
                "replica 1 acknowledges commands while replica 2 is cut off (once PostgreSQL ended the lost"
                        + " sessions): " + outside.summary());
        assertTrue(inside.firstCommandSuccessAfter(restoredAt) >= 0, "replica 2 recovers: " + inside.summary());
    }

    /** The accounts view (and write replica 2) lose Kafka: queries answer from PostgreSQL, a read-your-writes wait 503s. */
    private static void lossOfKafka(ProductionScenario scenario, NetworkNamespace ns, int kafkaPort) throws Exception {
        TallySystem system = scenario.system;
        scenario.load(List.of(system.writeSide), CommandLoad.Settings.steady(), 2026_12_06_31L);
        Thread.sleep(4_000);
        String account = scenario.accounts().get(2);
        OutageWatch watch = new OutageWatch(system.writeSide, account, system.accounts, "/accounts/" + account);
        Probe.Answer behind;
        long recovered;
        try (watch) {
            Thread.sleep(1_000);
            ns.drop(kafkaPort);
            Thread.sleep(5_000);
            // A command acknowledged now is not in the cut-off view: asking for it must be a bounded 503.
            Probe.Answer deposit = Probe.deposit(system.writeSide, account);
            assertEquals(200, deposit.status(), deposit.toString());
            long position = deposit.json().get("position").asLong();
            behind = Probe.get(system.accounts, "/accounts/" + account + "?minPosition=" + position);
            Thread.sleep(LOSS.toMillis() - 5_000);
            ns.restore();
            long restoredNanos = System.nanoTime();
            recovered = scenario.promise.awaitCaughtUp(restoredNanos, scenario.promise.head());
            Probe.Answer caughtUp = Probe.get(system.accounts, "/accounts/" + account + "?minPosition=" + position);
            assertEquals(200, caughtUp.status(), "after the loss the view reaches the position: " + caughtUp);
        }
        String notes = String.format("a read-your-writes query for a position acknowledged during the loss: %d in"
                        + " %.1f s; probes (commands to replica 1, queries to the accounts view): %s.", behind.status(),
                behind.millis() / 1000.0, watch.summary());
        scenario.finish("silent loss between the accounts view and Kafka (" + LOSS.toSeconds() + " s)",
                watch.errorAnsweredKeys(), recovered, true, notes);
        assertTrue(behind.isUnavailableProblem() && behind.millis() < BOUND_MILLIS,
                "a view cut off from the log answers a position it has not reached with a bounded 503: " + behind);
        assertProperAndBounded(watch);
        assertTrue(watch.samples().stream().filter(s -> s.what().equals("query"))
                .allMatch(s -> s.answer().status() == 200), "plain queries are answered from PostgreSQL throughout: "
                + watch.summary());
    }

    private static void assertProperAndBounded(OutageWatch watch) {
        assertTrue(watch.improper().isEmpty(), "answered 2xx or 503 problem+json, never a 500 or no answer: "
                + watch.improper());
        assertTrue(watch.slowestMillis("command") < BOUND_MILLIS && watch.slowestMillis("query") < BOUND_MILLIS,
                "no request hangs: " + watch.summary());
    }

    /**
     * A 503 while the path to PostgreSQL is lost may come after the server committed (the answer was what got lost):
     * as the README tells clients, the command is sent again with its key. Each must then have exactly one effect;
     * returns the keys whose retry was a replay (the first attempt had taken effect).
     */
    private static List<String> retryWithTheSameKeys(OutageWatch watch, ServiceProcess writer, String account) {
        List<String> replayed = new ArrayList<>();
        for (String key : watch.errorAnsweredKeys()) {
            Probe.Answer retry = Probe.deposit(writer, account, key);
            assertEquals(200, retry.status(), "a retry with the same key after the loss: " + retry);
            if (retry.replayed()) {
                replayed.add(key);
            }
        }
        return replayed;
    }
}
