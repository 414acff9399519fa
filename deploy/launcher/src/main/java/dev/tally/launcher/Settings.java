package dev.tally.launcher;

import dev.tally.engines.ServiceArtifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the local run happens, from the environment:
 * {@code TALLY_HOME} (data and logs, default {@code <repo>/.tally}), {@code TALLY_KAFKA_PORT} (19092),
 * {@code TALLY_PG_PORT} (15432), and the external engines {@code KAFKA_BOOTSTRAP_SERVERS} and
 * {@code TALLY_DB_URL} (+ {@code TALLY_DB_USER}, {@code TALLY_DB_PASSWORD}) which replace the started ones. The services
 * run their production build (the {@code prod} profile, the one it was built with, JVM or native) plus the development
 * key pair ({@link dev.tally.engines.DevelopmentKey}), so tokens from {@code ./tally-token} work; a verification key
 * given in {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION} replaces the development key. {@code TALLY_SERVICES=native} (what
 * {@code ./run-local --native} sets) runs the native executables instead of the jars. {@code TALLY_PROMETHEUS_PORT}
 * (9090) is where {@code ./run-local --prometheus} starts Prometheus ({@link LocalPrometheus}).
 */
record Settings(Path repo, Path home, int kafkaPort, int kafkaControllerPort, int pgPort,
        Optional<String> externalKafka, Optional<String> externalDb, String dbUser, String dbPassword,
        List<Service> services, boolean developmentKey, boolean nativeServices, int prometheusPort) {

    static final int DEFAULT_KAFKA_PORT = 19092;
    static final int DEFAULT_PG_PORT = 15432;
    static final int DEFAULT_PROMETHEUS_PORT = 9090;

    /** A Quarkus service: its module directory and HTTP port. */
    record Service(String name, String module, int port) {
        Path jar(Path repo) {
            return repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        }

        /** {@code target/tally-<name>-<version>-runner}, what {@code ./mvnw package -Dnative} builds. */
        Path nativeExecutable(Path repo) {
            return ServiceArtifact.nativeRunner(repo.resolve(module).resolve("target"), "tally-" + name, "");
        }

        /** What the local run starts: the JVM build, or the native executable ({@code --native}). */
        ServiceArtifact artifact(Path repo, boolean nativeServices) {
            return nativeServices ? ServiceArtifact.nativeExecutable(nativeExecutable(repo), List.of())
                    : ServiceArtifact.jvm(jar(repo), List.of());
        }
    }

    static Settings from(Path repo, Map<String, String> env) {
        Path home = Optional.ofNullable(blankToNull(env.get("TALLY_HOME"))).map(Path::of).orElse(repo.resolve(".tally"))
                .toAbsolutePath().normalize();
        int kafkaPort = port(env, "TALLY_KAFKA_PORT", DEFAULT_KAFKA_PORT);
        int pgPort = port(env, "TALLY_PG_PORT", DEFAULT_PG_PORT);
        return new Settings(repo, home, kafkaPort, kafkaPort + 1, pgPort,
                Optional.ofNullable(blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS"))),
                Optional.ofNullable(blankToNull(env.get("TALLY_DB_URL"))),
                Optional.ofNullable(blankToNull(env.get("TALLY_DB_USER"))).orElse("tally"),
                Optional.ofNullable(blankToNull(env.get("TALLY_DB_PASSWORD"))).orElse("tally"),
                List.of(new Service("write-side", "write-side/ledger-service", 8080),
                        new Service("accounts-view", "read-side/accounts-view", 8081),
                        new Service("backoffice-view", "read-side/backoffice-view", 8082),
                        new Service("audit-view", "read-side/audit-view", 8083)),
                blankToNull(env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION")) == null,
                "native".equalsIgnoreCase(Optional.ofNullable(env.get("TALLY_SERVICES")).orElse("").trim()),
                port(env, "TALLY_PROMETHEUS_PORT", DEFAULT_PROMETHEUS_PORT));
    }

    String bootstrapServers() {
        return externalKafka.orElse("127.0.0.1:" + kafkaPort);
    }

    String dbUrl() {
        return externalDb.orElse("postgresql://127.0.0.1:" + pgPort + "/tally");
    }

    Path logs() {
        return home.resolve("logs");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65534) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a port number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
