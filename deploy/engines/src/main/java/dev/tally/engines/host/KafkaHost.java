package dev.tally.engines.host;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * Runs one combined KRaft node (broker + controller) inside this JVM until the parent closes our stdin. Data under
 * {@code --data} survives a restart on the same ports; it is formatted only once.
 *
 * <p>Arguments: {@code <data-dir> <client-port> <controller-port>} for a single voter on loopback, or
 * {@code <data-dir> <client-port> <controller-port> <node-id> <voters> <cluster-id>} for one node of a quorum
 * ({@code voters} as in {@code controller.quorum.voters}; every node formatted with the same cluster id). A quorum of
 * three or more replicates every internal topic three times with {@code min.insync.replicas=2}, as production does.
 */
public final class KafkaHost {

    private static final long READY_TIMEOUT_MILLIS = 90_000;

    private KafkaHost() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            System.out.println("ERROR: Kafka could not start: " + e.getMessage());
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Quorum quorum = args.length >= 6 ? new Quorum(Integer.parseInt(args[3]), args[4], args[5])
                : Quorum.single(controllerPort);
        long startedAt = System.nanoTime();

        Files.createDirectories(dataDir);
        Path logDir = dataDir.resolve("logs");
        Properties props = brokerProperties(logDir, port, controllerPort, quorum);
        addExtraListener(props, System.getProperty("tally.kafka.extra-listener", ""));
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "Written by " + KafkaHost.class.getName() + " on every start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propsFile, quorum.clusterId());
        }

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        Runnable stop = HostLifecycle.once(() -> {
            HostLifecycle.haltIfStuck("Kafka");
            server.shutdown();
            server.awaitShutdown();
            System.out.println("Kafka stopped");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "kafka-stop"));
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        awaitBrokerServing(bootstrap);
        HostLifecycle.announceReady("kafka " + bootstrap + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms");

        boolean asked = HostLifecycle.awaitParentGone();
        System.out.println(asked ? "Stop requested: stopping Kafka" : "Parent gone: stopping Kafka");
        stop.run();
        if (!asked) {
            HostLifecycle.deleteTemporaryDirectory();
        }
        System.exit(0);
    }

    /** This node's id, the quorum's voters and the cluster id every voter is formatted with. */
    record Quorum(int nodeId, String voters, String clusterId) {
        static Quorum single(int controllerPort) {
            return new Quorum(1, "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString());
        }

        int size() {
            return voters.split(",").length;
        }
    }

    /**
     * A second client listener, {@code EXTRA://<address>:<port>} advertised as itself, when {@code hostPort} (e.g.
     * {@code 10.231.0.1:39092}) is set: clients in a network namespace bootstrap there and are told that address.
     */
    static void addExtraListener(Properties props, String hostPort) {
        if (hostPort.isBlank()) {
            return;
        }
        props.put("listeners", props.get("listeners") + ",EXTRA://" + hostPort);
        props.put("advertised.listeners", props.get("advertised.listeners") + ",EXTRA://" + hostPort);
        props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",EXTRA:PLAINTEXT");
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        return brokerProperties(logDir, port, controllerPort, Quorum.single(controllerPort));
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort, Quorum quorum) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(quorum.nodeId())),
                Map.entry("controller.quorum.voters", quorum.voters()),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // A single node: every internal topic has one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "10"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "10"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // Consumers join at once instead of waiting 3 s for more members.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true")));
        if (quorum.size() >= 3) {
            // A cluster as production runs it: three copies of everything, a write needs two of them.
            for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                    "share.coordinator.state.topic.replication.factor", "default.replication.factor")) {
                p.put(key, "3");
            }
            for (String key : List.of("transaction.state.log.min.isr", "share.coordinator.state.topic.min.isr",
                    "min.insync.replicas")) {
                p.put(key, "2");
            }
        }
        return p;
    }

    private static void format(Path propsFile, String clusterId) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {
                "format", "-t", clusterId, "-c", propsFile.toString() },
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.out.print(captured.toString(StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("Formatting the KRaft storage failed with exit code " + code);
        }
    }

    /** Ready means the broker answers metadata requests and lists itself: clients can produce and consume. */
    private static void awaitBrokerServing(String bootstrap) throws InterruptedException {
        Properties cfg = new Properties();
        cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cfg.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        cfg.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        try (Admin admin = Admin.create(cfg)) {
            while (true) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("Kafka did not become ready on " + bootstrap, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

}
