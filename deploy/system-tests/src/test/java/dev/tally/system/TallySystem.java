package dev.tally.system;

import dev.tally.engines.KafkaEngine;
import dev.tally.engines.Ports;
import dev.tally.engines.PostgresEngine;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system, each part its own process, as in production: Kafka, PostgreSQL, the write service and the three
 * read services, on free loopback ports. Started once per test JVM; stopped at JVM exit (and, if this JVM is killed,
 * by the engines' and services' parent watch).
 */
final class TallySystem {

    static final Path REPO = Path.of(System.getProperty("tally.repo", "../..")).toAbsolutePath().normalize();
    private static TallySystem instance;

    final PostgresEngine postgres = PostgresEngine.temporary();
    final KafkaEngine kafka = KafkaEngine.temporary();
    final ServiceProcess writeSide = service("write-side", "write-side");
    final ServiceProcess accounts = service("accounts-view", "read-side/accounts-view");
    final ServiceProcess backoffice = service("backoffice-view", "read-side/backoffice-view");
    final ServiceProcess audit = service("audit-view", "read-side/audit-view");

    static synchronized TallySystem get() {
        if (instance == null) {
            instance = new TallySystem();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll, "tally-system-stop"));
            instance.startAll();
        }
        return instance;
    }

    List<ServiceProcess> views() {
        return List.of(accounts, backoffice, audit);
    }

    List<ServiceProcess> services() {
        return List.of(writeSide, accounts, backoffice, audit);
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TALLY_DB_URL", postgres.reactiveUrl());
        env.put("TALLY_DB_USER", postgres.username());
        env.put("TALLY_DB_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // The production build with the development key pair, as ./run-local runs it; tokens come from Tokens.
        env.put("QUARKUS_PROFILE", "prod,local");
        // Where the write service's consistency auditor finds the views it compares with the event store.
        env.put("TALLY_ACCOUNTS_VIEW_URL", accounts.baseUrl());
        env.put("TALLY_BACKOFFICE_VIEW_URL", backoffice.baseUrl());
        env.put("TALLY_AUDIT_VIEW_URL", audit.baseUrl());
        return env;
    }

    /** Every stream id in the event store, read straight from its table: the list no view can leave anything out of. */
    List<String> streamIds() {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
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
    void start(ServiceProcess service) {
        try {
            service.start(environment());
            service.awaitReady(Duration.ofSeconds(180));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startAll() {
        postgres.start();
        kafka.start();
        // The write side first: it creates the topic (with its partitions) that the views subscribe to.
        start(writeSide);
        for (ServiceProcess view : views()) {
            try {
                view.start(environment());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        for (ServiceProcess view : views()) {
            try {
                view.awaitReady(Duration.ofSeconds(180));
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void stopAll() {
        services().parallelStream().forEach(s -> s.stop(Duration.ofSeconds(10)));
        kafka.close();
        postgres.close();
    }

    private static ServiceProcess service(String name, String module) {
        Path jar = REPO.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw verify builds them)");
        }
        Path log = REPO.resolve("deploy/system-tests/target/system-logs").resolve(name + ".log");
        return new ServiceProcess(name, jar, Ports.freeLoopbackPort(), log, List.of("-Xmx384m", "-XX:+UseSerialGC"));
    }
}
