package dev.tally.engines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.tally.engines.host.PostgresHost;

/**
 * A real PostgreSQL on 127.0.0.1 with database {@code tally}, user {@code tally}, password {@code tally}.
 *
 * <pre>{@code
 * try (PostgresEngine pg = PostgresEngine.temporary()) {
 *     pg.start();
 *     String url = pg.jdbcUrl(); // "jdbc:postgresql://127.0.0.1:<port>/tally"
 * }
 * }</pre>
 */
public final class PostgresEngine extends Engine {

    public static final String DATABASE = "tally";
    public static final String USER = "tally";
    public static final String PASSWORD = "tally";

    private final int port;
    /** {@link #alsoReachableAt}: an address of this host and the network allowed to connect to it; empty otherwise. */
    private volatile List<String> alsoReachable = List.of();

    private PostgresEngine(Path dir, boolean temporary, Path logFile, int port) {
        super(dir, temporary, logFile);
        this.port = port;
    }

    /** A free port, a fresh temp directory that {@link #close()} deletes. */
    public static PostgresEngine temporary() {
        return new PostgresEngine(newTempDir("tally-postgres-"), true, null, Ports.freeLoopbackPort());
    }

    /** A fixed port and a directory kept between runs; the log goes to {@code logFile}. */
    public static PostgresEngine persistent(Path dir, int port, Path logFile) {
        return new PostgresEngine(dir, false, logFile, port);
    }

    /**
     * Before {@link #start()}: the server also listens on {@code address} (an address of this host, e.g. the host's end
     * of a veth pair) and trusts connections from {@code peers} (e.g. {@code 10.231.0.0/30}), for a service in a
     * network namespace. Returns this engine.
     */
    public PostgresEngine alsoReachableAt(String address, String peers) {
        alsoReachable = List.of(address, peers);
        return this;
    }

    /** {@link #reactiveUrl()} at {@code address} instead of 127.0.0.1 (see {@link #alsoReachableAt}). */
    public String reactiveUrlAt(String address) {
        return "postgresql://" + address + ":" + port + "/" + DATABASE;
    }

    @Override
    public String name() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The form the Quarkus reactive client and {@code TALLY_DB_URL} use. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    @Override
    protected String hostMainClass() {
        return PostgresHost.class.getName();
    }

    @Override
    protected List<String> hostArguments() {
        return List.of(directory().toString(), String.valueOf(port));
    }

    @Override
    protected List<String> hostJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=classpath:dev/tally/engines/host-log4j2.properties"));
        if (isTemporary()) {
            options.add("-Dtally.pg.initdb.nosync=true");
        }
        if (!alsoReachable.isEmpty()) {
            options.add("-Dtally.pg.also-listen-on=" + alsoReachable.get(0));
            options.add("-Dtally.pg.also-trust=" + alsoReachable.get(1));
        }
        return options;
    }

    @Override
    protected List<Integer> ports() {
        return List.of(port);
    }
}
