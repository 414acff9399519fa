package dev.tally.engines.host;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
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
 * Runs one combined KRaft node (broker + controller, a single voter on loopback) inside this JVM until the parent
 * closes our stdin. Data under {@code --data} survives a restart on the same ports; it is formatted only once.
 *
 * <p>Arguments: {@code <data-dir> <client-port> <controller-port>}.
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
        long startedAt = System.nanoTime();

        Files.createDirectories(dataDir);
        Path logDir = dataDir.resolve("logs");
        Properties props = brokerProperties(logDir, port, controllerPort);
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "Written by " + KafkaHost.class.getName() + " on every start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propsFile);
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

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
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
        return p;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString() },
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
