package dev.tally.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the local run happens, from the environment:
 * {@code TALLY_HOME} (data and logs, default {@code <repo>/.tally}), {@code TALLY_KAFKA_PORT} (19092),
 * {@code TALLY_PG_PORT} (15432), and the external engines {@code KAFKA_BOOTSTRAP_SERVERS} and
 * {@code TALLY_DB_URL} (+ {@code TALLY_DB_USER}, {@code TALLY_DB_PASSWORD}) which replace the started ones. The services
 * run their production build with the profiles {@code QUARKUS_PROFILE} names, by default {@code prod,local}: production
 * settings plus the development key pair, so tokens from {@code ./tally-token} work.
 */
record Settings(Path repo, Path home, int kafkaPort, int kafkaControllerPort, int pgPort,
        Optional<String> externalKafka, Optional<String> externalDb, String dbUser, String dbPassword,
        List<Service> services, String serviceProfile) {

    /** Production settings plus the committed development key: what every local run of the service jars uses. */
    static final String LOCAL_PROFILE = "prod,local";

    static final int DEFAULT_KAFKA_PORT = 19092;
    static final int DEFAULT_PG_PORT = 15432;

    /** A Quarkus service: its module directory and HTTP port. */
    record Service(String name, String module, int port) {
        Path jar(Path repo) {
            return repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
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
                List.of(new Service("write-side", "write-side", 8080),
                        new Service("accounts-view", "read-side/accounts-view", 8081),
                        new Service("backoffice-view", "read-side/backoffice-view", 8082),
                        new Service("audit-view", "read-side/audit-view", 8083)),
                Optional.ofNullable(blankToNull(env.get("QUARKUS_PROFILE"))).orElse(LOCAL_PROFILE));
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
