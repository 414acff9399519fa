package dev.tally.engines;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables through which every service finds the engines ({@code TALLY_DB_URL},
 * {@code TALLY_DB_USER}, {@code TALLY_DB_PASSWORD}, {@code KAFKA_BOOTSTRAP_SERVERS}, read by each service's
 * {@code application.properties}): one place for the local run, the system and fault tests and the benchmarks.
 */
public final class EngineEnvironment {

    private EngineEnvironment() {
    }

    /** The four variables for engines given by URL (e.g. external ones); a new map the caller may add to. */
    public static Map<String, String> of(String reactiveDbUrl, String dbUser, String dbPassword, String bootstrapServers) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TALLY_DB_URL", reactiveDbUrl);
        env.put("TALLY_DB_USER", dbUser);
        env.put("TALLY_DB_PASSWORD", dbPassword);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        return env;
    }

    /** The four variables for engines this JVM started; a new map the caller may add to. */
    public static Map<String, String> of(PostgresEngine postgres, KafkaEngine kafka) {
        return of(postgres.reactiveUrl(), postgres.username(), postgres.password(), kafka.bootstrapServers());
    }
}
