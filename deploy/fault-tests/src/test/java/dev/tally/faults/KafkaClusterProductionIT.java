package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.KafkaEngine;
import dev.tally.engines.Ports;
import dev.tally.system.TallySystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * A Kafka cluster as Strimzi runs it: three combined KRaft nodes, the log topic with three replicas and
 * {@code min.insync.replicas=2}. Under load, kill -9 of a broker that leads partitions of the log (not the active
 * controller), its restart, then kill -9 of the active controller and its restart. While a node is down the relay
 * keeps publishing and every view keeps folding (each catches up with the head at the kill before the node is back);
 * afterwards the promise holds: nothing lost, nothing twice in a view. Part of {@code -Pproduction-faults}.
 */
class KafkaClusterProductionIT {

    private static final String TOPIC = "tally.ledger.events";
    private static final Duration DOWN = Duration.ofSeconds(15);

    @Test
    void aLeadingBrokerThenTheActiveControllerAreKilledAndRestarted() throws Exception {
        List<KafkaEngine> nodes = KafkaEngine.temporaryCluster(3);
        try {
            KafkaEngine.startAll(nodes);
            String bootstrap = KafkaEngine.bootstrapServers(nodes);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
                 ProductionScenario scenario = new ProductionScenario(TallySystem.start(2,
                         new TallySystem.Engines(null, createLogTopic(bootstrap, admin))), 2026_12_06_3L)) {
                assertReplicatedAsProduction(admin);
                scenario.load(scenario.system.writeReplicas, CommandLoad.Settings.steady(), 2026_12_06_3L);
                Thread.sleep(4_000);

                int controller = activeController(admin);
                KafkaEngine leader = nodes.stream().filter(n -> n.nodeId() != controller
                        && !partitionsLedBy(admin, n.nodeId()).isEmpty()).findFirst().orElseThrow();
                List<String> steps = new ArrayList<>();
                long slowest = outage(scenario, admin, leader, "broker leading partitions "
                        + partitionsLedBy(admin, leader.nodeId()), steps);
                KafkaEngine active = nodes.stream().filter(n -> n.nodeId() == activeController(admin)).findFirst()
                        .orElseThrow();
                slowest = Math.max(slowest, outage(scenario, admin, active, "active controller", steps));
                Thread.sleep(2_000);

                scenario.finish("Kafka cluster of 3 (RF 3, min.insync 2): kill -9 of a leading broker, then of the"
                        + " active controller, each restarted", List.of(), slowest, true, String.join("; ", steps) + ".");
                assertIdempotentProducers(admin);
            }
        } finally {
            nodes.forEach(KafkaEngine::close);
        }
    }

    /**
     * kill -9 of {@code node}; the relay and the views must carry on without it: every view reaches the head the
     * store had at the kill while the node is still down. Then the restart, until every partition has three in-sync
     * replicas again. Returns the time from the restart until everything is caught up.
     */
    private static long outage(ProductionScenario scenario, Admin admin, KafkaEngine node, String role,
                               List<String> steps) throws Exception {
        long killed = System.nanoTime();
        long head = scenario.promise.head();
        node.hostProcess().orElseThrow().destroyForcibly();
        while (Ports.isListening(node.port())) {
            Thread.sleep(10);
        }
        long keptGoing = scenario.promise.awaitCaughtUp(killed, head);
        long rest = DOWN.toMillis() - Duration.ofNanos(System.nanoTime() - killed).toMillis();
        if (rest > 0) {
            Thread.sleep(rest);
        }
        long stillGoing = scenario.promise.head();
        scenario.promise.awaitCaughtUp(killed, stillGoing);
        long restarted = System.nanoTime();
        node.start();
        awaitFullIsr(admin);
        long isr = Duration.ofNanos(System.nanoTime() - restarted).toMillis();
        long recovered = scenario.promise.awaitCaughtUp(restarted, scenario.promise.head());
        steps.add(String.format("%s (node %d) killed: the views had the head at the kill (%d) %.1f s later and"
                        + " the head after %.0f s down (%d) too; restarted, back in every ISR in %.1f s",
                role, node.nodeId(), head, keptGoing / 1000.0, DOWN.toSeconds() * 1.0, stillGoing, isr / 1000.0));
        return recovered;
    }

    /** The log topic as production's KafkaTopic declares it (the relay never changes an existing topic). */
    private static String createLogTopic(String bootstrap, Admin admin) throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 3).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                "-1", TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get(30, TimeUnit.SECONDS);
        return bootstrap;
    }

    private static void assertReplicatedAsProduction(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
        assertTrue(topic.partitions().stream().allMatch(p -> p.replicas().size() == 3), "3 replicas: " + topic);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        String minIsr = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
        assertEquals("2", minIsr, "min.insync.replicas of the log");
    }

    /**
     * The relay's producer is idempotent as configured: the brokers keep producer state (id, epoch, sequence) only
     * for idempotent producers, which is what drops a retried batch instead of appending it twice.
     */
    private static void assertIdempotentProducers(Admin admin) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            partitions.add(new TopicPartition(TOPIC, p));
        }
        var states = admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS);
        assertTrue(states.values().stream().anyMatch(s -> s.activeProducers().stream()
                .anyMatch(p -> p.producerId() >= 0)), "idempotent producer state on the log's partitions: " + states);
    }

    private static int activeController(Admin admin) {
        try {
            return admin.describeMetadataQuorum().quorumInfo().get(20, TimeUnit.SECONDS).leaderId();
        } catch (Exception e) {
            throw new AssertionError("no active controller", e);
        }
    }

    private static List<Integer> partitionsLedBy(Admin admin, int nodeId) {
        return partitions(admin).stream().filter(p -> p.leader() != null && p.leader().id() == nodeId)
                .map(TopicPartitionInfo::partition).toList();
    }

    private static List<TopicPartitionInfo> partitions(Admin admin) {
        try {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(20, TimeUnit.SECONDS).get(TOPIC).partitions();
        } catch (Exception e) {
            throw new AssertionError("cannot describe the log topic", e);
        }
    }

    private static void awaitFullIsr(Admin admin) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!partitions(admin).stream().allMatch(p -> p.isr().size() == 3)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the restarted node is not back in every ISR: " + partitions(admin));
            }
            Thread.sleep(200);
        }
    }
}
