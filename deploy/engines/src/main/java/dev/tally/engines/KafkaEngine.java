package dev.tally.engines;

import java.nio.file.Path;
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

    private KafkaEngine(Path dir, boolean temporary, Path logFile, int port, int controllerPort) {
        super(dir, temporary, logFile);
        this.port = port;
        this.controllerPort = controllerPort;
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
        return "kafka";
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    protected String hostMainClass() {
        return KafkaHost.class.getName();
    }

    @Override
    protected List<String> hostArguments() {
        return List.of(directory().resolve("kraft").toString(), String.valueOf(port), String.valueOf(controllerPort));
    }

    @Override
    protected List<String> hostJvmOptions() {
        return List.of("-Xms128m", "-Xmx768m", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=classpath:dev/tally/engines/host-log4j2.properties");
    }

    @Override
    protected List<Integer> ports() {
        return List.of(port, controllerPort);
    }
}
