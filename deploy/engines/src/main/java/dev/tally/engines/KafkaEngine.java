package dev.tally.engines;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.tally.engines.host.KafkaHost;

/**
 * A real single-node Apache Kafka (KRaft, combined broker + controller) on 127.0.0.1.
 *
 * <pre>{@code
 * try (KafkaEngine kafka = KafkaEngine.temporary()) {
 *     kafka.start();
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:<port>"
 * }
 * }</pre>
 */
public final class KafkaEngine extends Engine {

    private final int port;
    private final int controllerPort;
    /** {@link #alsoReachableAt}: the second listener's {@code address:port}; blank otherwise. */
    private volatile String extraListener = "";
    /** For a node of a quorum: its node id, the voters and the shared cluster id; empty for a single node. */
    private final List<String> quorum;

    private KafkaEngine(Path dir, boolean temporary, Path logFile, int port, int controllerPort) {
        this(dir, temporary, logFile, port, controllerPort, List.of());
    }

    private KafkaEngine(Path dir, boolean temporary, Path logFile, int port, int controllerPort, List<String> quorum) {
        super(dir, temporary, logFile);
        this.port = port;
        this.controllerPort = controllerPort;
        this.quorum = quorum;
    }

    /**
     * {@code nodes} combined KRaft nodes (node ids 1..n, every one a voter) on free ports, each in a fresh temp
     * directory; with three or more, internal topics and new topics get three replicas and {@code min.insync.replicas=2}.
     * Start them together ({@link #startAll}): a node is ready only once a quorum has elected a controller.
     */
    public static List<KafkaEngine> temporaryCluster(int nodes) {
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        List<String> voters = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            clientPorts.add(Ports.freeLoopbackPort());
            controllerPorts.add(Ports.freeLoopbackPort());
            voters.add(id + "@127.0.0.1:" + controllerPorts.get(id - 1));
        }
        String clusterId = newClusterId();
        List<KafkaEngine> cluster = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            cluster.add(new KafkaEngine(newTempDir("tally-kafka-" + id + "-"), true, null, clientPorts.get(id - 1),
                    controllerPorts.get(id - 1), List.of(String.valueOf(id), String.join(",", voters), clusterId)));
        }
        return List.copyOf(cluster);
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 as Kafka writes a Uuid (kafka-clients may be absent here). */
    private static String newClusterId() {
        byte[] bytes = new byte[16];
        String id;
        do {
            new SecureRandom().nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    /** Starts the nodes of a quorum at the same time and waits until each serves clients. */
    public static void startAll(List<KafkaEngine> nodes) {
        nodes.parallelStream().forEach(KafkaEngine::start);
    }

    /** The bootstrap list of a cluster: every node's client address. */
    public static String bootstrapServers(List<KafkaEngine> nodes) {
        return String.join(",", nodes.stream().map(KafkaEngine::bootstrapServers).toList());
    }

    /** This node's id (1 for a single node). */
    public int nodeId() {
        return quorum.isEmpty() ? 1 : Integer.parseInt(quorum.get(0));
    }

    /** Free ports, a fresh temp directory that {@link #close()} deletes. */
    public static KafkaEngine temporary() {
        return new KafkaEngine(newTempDir("tally-kafka-"), true, null, Ports.freeLoopbackPort(), Ports.freeLoopbackPort());
    }

    /** Fixed ports and a directory kept between runs; the log goes to {@code logFile}. */
    public static KafkaEngine persistent(Path dir, int port, int controllerPort, Path logFile) {
        return new KafkaEngine(dir, false, logFile, port, controllerPort);
    }

    @Override
    public String name() {
        // Called by Engine's constructor too, before quorum is set (the default log file name): plain "kafka" then.
        return quorum == null || quorum.isEmpty() ? "kafka" : "kafka-" + quorum.get(0);
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Before {@link #start()}: a second client listener on {@code address} (an address of this host, e.g. the host's
     * end of a veth pair) and a free port, advertised as itself, for clients in a network namespace; its bootstrap
     * address is returned.
     */
    public String alsoReachableAt(String address) {
        extraListener = address + ":" + Ports.freeLoopbackPort();
        return extraListener;
    }

    @Override
    protected String hostMainClass() {
        return KafkaHost.class.getName();
    }

    @Override
    protected List<String> hostArguments() {
        List<String> args = new ArrayList<>(List.of(directory().resolve("kraft").toString(), String.valueOf(port),
                String.valueOf(controllerPort)));
        args.addAll(quorum);
        return args;
    }

    @Override
    protected List<String> hostJvmOptions() {
        return List.of("-Xms128m", "-Xmx768m", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=classpath:dev/tally/engines/host-log4j2.properties",
                "-Dtally.kafka.extra-listener=" + extraListener);
    }

    @Override
    protected List<Integer> ports() {
        return List.of(port, controllerPort);
    }
}
