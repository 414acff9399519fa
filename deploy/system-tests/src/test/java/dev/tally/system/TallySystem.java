package dev.tally.system;

import dev.tally.engines.DevelopmentKey;
import dev.tally.engines.EngineEnvironment;
import dev.tally.engines.KafkaEngine;
import dev.tally.engines.Ports;
import dev.tally.engines.PostgresEngine;
import dev.tally.engines.ServiceArtifact;
import dev.tally.engines.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole system, each part its own process, as in production: Kafka, PostgreSQL, the write service and the three
 * read services, on free loopback ports. Stopped at JVM exit (and, if this JVM is killed, by the engines' and
 * services' parent watch). Service logs go to {@code target/system-logs} (system property {@code tally.logs}).
 *
 * <p>The services run from their JVM builds ({@code <module>/target/quarkus-app/quarkus-run.jar}) by default, and from
 * their native executables ({@code <module>/target/<artifactId>-<version>-runner}, built with
 * {@code ./mvnw package -Dnative}) with {@code -Dtally.services=native} (or {@code TALLY_SERVICES=native}).
 */
public final class TallySystem {

    public static final Path REPO = Path.of(System.getProperty("tally.repo", "../..")).toAbsolutePath().normalize();
    /**
     * Where the service builds are: a directory laid out like the repository ({@code <module>/target/...}),
     * {@code -Dtally.services-from}, by default the repository itself. Lets a run use a copy of the builds that a
     * concurrent rebuild of the shared tree cannot replace under running services.
     */
    public static final Path SERVICES_FROM = Path.of(System.getProperty("tally.services-from", "").isBlank()
            ? REPO.toString() : System.getProperty("tally.services-from")).toAbsolutePath().normalize();
    private static final Path LOGS = Path.of(System.getProperty("tally.logs", "target/system-logs")).toAbsolutePath();
    private static TallySystem instance;

    /** {@code -Dtally.services}, else {@code TALLY_SERVICES}: {@code jvm} (the default) or {@code native}. */
    public static final String SERVICES = servicesMode();
    /** True when the services run as native executables ({@code -Dtally.services=native}). */
    public static final boolean NATIVE = SERVICES.equals("native");
    /** The services' JVM options; a native executable gets their equivalent ({@code -Xmx384m}; serial GC is its own). */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");

    public final PostgresEngine postgres = PostgresEngine.temporary();
    public final KafkaEngine kafka = KafkaEngine.temporary();
    /** The write service's replicas; {@link #writeSide} is the first. Every replica runs a relay (one leads). */
    public final List<ServiceProcess> writeReplicas;
    public final ServiceProcess writeSide;
    public final ServiceProcess accounts;
    public final ServiceProcess backoffice;
    public final ServiceProcess audit;

    /** Added to every service's environment (e.g. where traces go); empty for the shared system. */
    private final Map<String, String> extraEnvironment;

    /** Where the services' logs go: {@code tally.logs}, or a directory of its own below it for a named system. */
    private final Path logs;

    /**
     * Engines the test started itself (a PostgreSQL fail-over pair behind a stable address, a Kafka cluster); a null
     * part means this system's own {@link #postgres} or {@link #kafka}, which it then starts and stops.
     *
     * @param reactiveDbUrl    {@code postgresql://host:port/tally}, as {@code TALLY_DB_URL}; null: {@link #postgres}
     * @param bootstrapServers {@code host:port,...}; null: {@link #kafka}
     */
    public record Engines(String reactiveDbUrl, String bootstrapServers) {
        public static final Engines OWN = new Engines(null, null);
    }

    private final Engines engines;

    /**
     * Services that run elsewhere on the network (a network namespace made by a fault test): each named one is started
     * through {@code commandPrefix}, reached at {@code address}, and finds the engines at {@code engines} (the addresses
     * it can reach from there).
     */
    public record Placement(Set<String> services, List<String> commandPrefix, String address, Engines engines) {
        public static final Placement NONE = new Placement(Set.of(), List.of(), "127.0.0.1", Engines.OWN);
    }

    private final Placement placement;

    private TallySystem(int writeReplicaCount) {
        this(writeReplicaCount, Engines.OWN, null, Map.of(), Placement.NONE);
    }

    private TallySystem(int writeReplicaCount, Engines engines, String name, Map<String, String> extraEnvironment,
                        Placement placement) {
        this.engines = engines;
        this.placement = placement;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.logs = name == null ? LOGS : LOGS.resolve(name);
        List<ServiceProcess> replicas = new ArrayList<>();
        for (int i = 1; i <= writeReplicaCount; i++) {
            replicas.add(service(writeReplicaCount == 1 ? "write-side" : "write-side-" + i, "write-side/ledger-service"));
        }
        writeReplicas = List.copyOf(replicas);
        writeSide = writeReplicas.get(0);
        accounts = service("accounts-view", "read-side/accounts-view");
        backoffice = service("backoffice-view", "read-side/backoffice-view");
        audit = service("audit-view", "read-side/audit-view");
    }

    /** The system the system tests share: one write replica, started once per test JVM. */
    public static synchronized TallySystem get() {
        if (instance == null) {
            instance = start(1);
        }
        return instance;
    }

    /** A system of its own with {@code writeReplicaCount} write replicas, stopped at JVM exit. */
    public static TallySystem start(int writeReplicaCount) {
        return start(writeReplicaCount, Engines.OWN);
    }

    /** A system of its own on {@code engines} (some or all started by the caller), stopped at JVM exit or {@link #stop()}. */
    public static TallySystem start(int writeReplicaCount, Engines engines) {
        return start(writeReplicaCount, engines, null, Map.of(), Placement.NONE);
    }

    /** As {@link #start(int, Engines)}, with the services {@code placement} names run where it says. */
    public static TallySystem start(int writeReplicaCount, Engines engines, Placement placement) {
        return start(writeReplicaCount, engines, null, Map.of(), placement);
    }

    /**
     * As {@link #start(int)}, every service with {@code extraEnvironment} added to its environment and its log in
     * {@code <tally.logs>/<name>/} (so it never shares a file with the shared system's services).
     */
    public static TallySystem start(int writeReplicaCount, String name, Map<String, String> extraEnvironment) {
        return start(writeReplicaCount, Engines.OWN, name, extraEnvironment, Placement.NONE);
    }

    private static TallySystem start(int writeReplicaCount, Engines engines, String name,
                                     Map<String, String> extraEnvironment, Placement placement) {
        TallySystem system = new TallySystem(writeReplicaCount, engines, name, extraEnvironment, placement);
        Runtime.getRuntime().addShutdownHook(new Thread(system::stopAll, "tally-system-stop"));
        system.startAll();
        return system;
    }

    public List<ServiceProcess> views() {
        return List.of(accounts, backoffice, audit);
    }

    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(writeReplicas);
        all.addAll(views());
        return all;
    }

    public Map<String, String> environment() {
        Map<String, String> env = EngineEnvironment.of(
                engines.reactiveDbUrl() != null ? engines.reactiveDbUrl() : postgres.reactiveUrl(),
                postgres.username(), postgres.password(),
                engines.bootstrapServers() != null ? engines.bootstrapServers() : kafka.bootstrapServers());
        // The production build with the development key pair, as ./run-local runs it; tokens come from Tokens.
        env.putAll(DevelopmentKey.serviceEnvironment());
        // Where the write service's consistency auditor finds the views it compares with the event store.
        env.put("TALLY_ACCOUNTS_VIEW_URL", accounts.baseUrl());
        env.put("TALLY_BACKOFFICE_VIEW_URL", backoffice.baseUrl());
        env.put("TALLY_AUDIT_VIEW_URL", audit.baseUrl());
        env.putAll(extraEnvironment);
        return env;
    }

    /** JDBC URL of the event store's database, whichever engine holds it. */
    public String jdbcUrl() {
        return engines.reactiveDbUrl() != null ? "jdbc:" + engines.reactiveDbUrl() : postgres.jdbcUrl();
    }

    /** The Kafka the services use, whichever engine it is. */
    public String bootstrapServers() {
        return engines.bootstrapServers() != null ? engines.bootstrapServers() : kafka.bootstrapServers();
    }

    /** Every stream id in the event store, read straight from its table: the list no view can leave anything out of. */
    public List<String> streamIds() {
        try (Connection db = DriverManager.getConnection(jdbcUrl(), postgres.username(), postgres.password());
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT DISTINCT stream_id FROM eventstore.events ORDER BY 1")) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** (Re)starts one service and waits until it is ready. */
    public void start(ServiceProcess service) {
        start(service, Map.of());
    }

    /** {@link #environment()}, with the engines' addresses as seen from where {@code service} runs. */
    public Map<String, String> environment(ServiceProcess service) {
        Map<String, String> env = environment();
        if (placement.services().contains(service.name())) {
            env.put("TALLY_DB_URL", placement.engines().reactiveDbUrl());
            env.put("KAFKA_BOOTSTRAP_SERVERS", placement.engines().bootstrapServers());
        }
        return env;
    }

    /** (Re)starts one service with {@code overrides} added to its environment and waits until it is ready. */
    public void start(ServiceProcess service, Map<String, String> overrides) {
        Map<String, String> env = environment(service);
        env.putAll(overrides);
        try {
            service.start(env);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        awaitReady(service);
    }

    private static void awaitReady(ServiceProcess service) {
        try {
            service.awaitReady(Duration.ofSeconds(180));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startAll() {
        if (engines.reactiveDbUrl() == null) {
            postgres.start();
        }
        if (engines.bootstrapServers() == null) {
            kafka.start();
        }
        // The write side first: it creates the topic (with its partitions) that the views subscribe to.
        start(writeSide);
        List<ServiceProcess> rest = services().subList(1, services().size());
        for (ServiceProcess service : rest) {
            try {
                service.start(environment(service));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        rest.forEach(TallySystem::awaitReady);
    }

    /** Stops every service and this system's own engines (a system on the caller's engines leaves those to it). */
    public void stop() {
        stopAll();
    }

    private void stopAll() {
        services().parallelStream().forEach(s -> s.stop(Duration.ofSeconds(10)));
        kafka.close();
        postgres.close();
    }

    private ServiceProcess service(String name, String module) {
        Path log = logs.resolve(name + ".log");
        ServiceProcess service = new ServiceProcess(name, artifact(module, JVM_OPTIONS), Ports.freeLoopbackPort(), log);
        return placement.services().contains(name)
                ? service.runVia(placement.commandPrefix(), placement.address()) : service;
    }

    /**
     * What runs for {@code module} (e.g. {@code write-side}, {@code read-side/audit-view}) in this test run: its
     * {@code quarkus-run.jar} with {@code jvmOptions}, or with {@code -Dtally.services=native} its native executable with
     * the equivalent runtime options. Fails with the missing file and the command that builds it.
     */
    public static ServiceArtifact artifact(String module, List<String> jvmOptions) {
        if (NATIVE) {
            Path runner = nativeRunner(module);
            if (!Files.isExecutable(runner)) {
                throw new IllegalStateException("-Dtally.services=native: the native executable " + runner
                        + " is missing; build it with a GraalVM/Mandrel 25 (GRAALVM_HOME): ./mvnw package -Dnative"
                        + " -DskipTests -pl " + module + " -am (or for all services: ./mvnw package -Dnative"
                        + " -DskipTests), or run the tests against the jars (without -Dtally.services=native)");
            }
            return ServiceArtifact.nativeExecutable(runner, ServiceArtifact.nativeOptionsFor(jvmOptions));
        }
        Path jar = SERVICES_FROM.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw verify builds them)");
        }
        return ServiceArtifact.jvm(jar, jvmOptions);
    }

    /**
     * {@code <module>/target/tally-<module name>-<version>-runner}, as {@code ./mvnw package -Dnative} names it
     * (version from {@code -Dtally.version}, which failsafe sets; else the only {@code *-runner} there).
     */
    static Path nativeRunner(String module) {
        return ServiceArtifact.nativeRunner(SERVICES_FROM.resolve(module).resolve("target"),
                "tally-" + Path.of(module).getFileName(), System.getProperty("tally.version", ""));
    }

    private static String servicesMode() {
        String mode = System.getProperty("tally.services", "");
        if (mode.isBlank()) {
            mode = System.getenv().getOrDefault("TALLY_SERVICES", "");
        }
        mode = mode.isBlank() ? "jvm" : mode.trim().toLowerCase(java.util.Locale.ROOT);
        if (!mode.equals("jvm") && !mode.equals("native")) {
            throw new IllegalStateException("tally.services / TALLY_SERVICES is '" + mode + "': use jvm or native");
        }
        return mode;
    }
}
