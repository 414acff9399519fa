package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.system.TallySystem;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * PostgreSQL fail-over as CloudNativePG does it: the primary is killed with -9 under load, the replica is promoted,
 * and the services reach the new primary through the same address (the {@code -rw} Service; here
 * {@link StableAddress}). With a synchronous replica no acknowledged command may be lost; with an asynchronous one
 * the outcome is measured and recorded, not promised. Part of {@code -Pproduction-faults}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresFailoverProductionIT {

    @Test
    @Order(1)
    void theSynchronousReplicaIsPromotedAndNoAcknowledgedCommandIsLost() throws Exception {
        failOver(true, 2026_12_06_1L);
    }

    @Test
    @Order(2)
    void anAsynchronousReplicaIsPromotedAndWhatItLostIsRecorded() throws Exception {
        failOver(false, 2026_12_06_2L);
    }

    private static void failOver(boolean synchronous, long seed) throws Exception {
        try (PostgresPair pair = PostgresPair.start(synchronous);
             StableAddress rw = new StableAddress(pair.primary.port());
             ProductionScenario scenario = new ProductionScenario(TallySystem.start(2, new TallySystem.Engines(
                     "postgresql://127.0.0.1:" + rw.port() + "/tally", null)), seed)) {
            TallySystem system = scenario.system;
            scenario.load(system.writeReplicas, CommandLoad.Settings.steady(), seed);
            Thread.sleep(4_000);
            String account = scenario.accounts().get(0);
            long killed, promoted, recovered;
            OutageWatch watch = new OutageWatch(system.writeSide, account, system.accounts, "/accounts/" + account);
            try (watch) {
                Thread.sleep(1_000);
                killed = watch.now();
                long killedNanos = System.nanoTime();
                pair.killPrimary();
                // The operator's part: seeing the primary gone (here at once) and promoting the replica, then
                // pointing the -rw Service at it.
                pair.promoteReplica();
                rw.pointTo(pair.replica.port());
                promoted = watch.now();
                recovered = scenario.promise.awaitCaughtUp(killedNanos, scenario.promise.head());
                Thread.sleep(3_000);
            }
            long firstSuccess = watch.firstCommandSuccessAfter(killed);
            String notes = String.format("%s replica; kill -9 of the primary to replica promoted and the address moved: "
                            + "%d ms; first acknowledged probe command %d ms after the kill; probes meanwhile: %s.",
                    synchronous ? "synchronous" : "asynchronous", promoted - killed,
                    firstSuccess < 0 ? -1 : firstSuccess - killed, watch.summary());
            ScenarioResult result = scenario.finish("PostgreSQL fail-over, " + (synchronous ? "synchronous" : "asynchronous")
                    + " replica (kill -9 of the primary, promotion " + (promoted - killed) + " ms)",
                    watch.errorAnsweredKeys(), recovered, synchronous, notes);
            if (synchronous) {
                assertTrue(watch.improper().isEmpty(), "while failing over, every probe is answered 2xx or 503"
                        + " problem+json: " + watch.improper());
                assertTrue(firstSuccess >= 0, "commands succeed again after the promotion: " + watch.summary());
            }
            System.out.println(result.violations());
        }
    }
}
