package dev.tally.engines.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.tally.engines.KafkaEngine;
import dev.tally.engines.PostgresEngine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: a real Kafka (KRaft) and a real PostgreSQL for {@code @QuarkusTest}s, without Docker.
 *
 * <h2>Usage in a service module</h2>
 * Add {@code dev.tally:tally-engines} with {@code <scope>test</scope>}, then annotate each {@code @QuarkusTest} class:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
 * class AccountsResourceTest { ... }
 * }</pre>
 *
 * ({@code io.quarkus.test.common.WithTestResource} and {@code TestResourceScope}; {@code @QuarkusTestResource} is
 * deprecated for removal.) {@code GLOBAL} applies the resource to every test of the module, so all test classes share
 * one application start. The default scope, {@code MATCHING_RESOURCES}, also shares it as long as every class declares
 * exactly the same resources; {@code RESTRICTED_TO_CLASS} restarts Quarkus per class. Test profiles still restart the
 * application, but the engines themselves are started once per JVM and shared: {@link #start()} returns the same
 * config every time and {@link #stop()} leaves them running for the other classes. They stop at JVM exit (shutdown
 * hook), and even if the JVM is killed, since each engine host stops when its stdin pipe from this JVM closes.
 *
 * <h2>Configuration it returns</h2>
 * {@code kafka.bootstrap.servers}, {@code quarkus.datasource.reactive.url} ({@code postgresql://127.0.0.1:<port>/tally}),
 * {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}/{@code password} ({@code tally}/{@code tally})
 * and {@code quarkus.devservices.enabled=false}.
 *
 * <h2>External engines and Dev Services</h2>
 * <ul>
 * <li>{@code KAFKA_BOOTSTRAP_SERVERS} (environment) or {@code -Dkafka.bootstrap.servers}: use that Kafka, start none.</li>
 * <li>{@code TALLY_DB_URL} ({@code postgresql://host:port/db}, environment or {@code -Dtally.db.url}) with optional
 * {@code TALLY_DB_USER}/{@code TALLY_DB_PASSWORD}: use that PostgreSQL, start none.</li>
 * <li>{@code TALLY_ENGINES=devservices} (environment or {@code -Dtally.engines}): start nothing and return no config,
 * so Quarkus Dev Services (Docker) provide the engines.</li>
 * </ul>
 *
 * <h2>Fault tests</h2>
 * {@link #kafka()} and {@link #postgres()} give the running engines: {@code stop()} then {@code start()} restarts one on
 * the same port with the same data. Only available for engines started here (not external ones).
 */
public class RealEngines implements QuarkusTestResourceLifecycleManager {

    private static Map<String, String> config;
    private static KafkaEngine kafka;
    private static PostgresEngine postgres;
    private static String bootstrapServers;
    private static String reactiveUrl;
    private static String username;
    private static String password;

    @Override
    public Map<String, String> start() {
        return startOnce();
    }

    /** Engines are shared by every test class in this JVM; they stop at JVM exit. */
    @Override
    public void stop() {
    }

    /** Starts the engines (once per JVM) and returns the Quarkus config pointing at them. */
    public static synchronized Map<String, String> startOnce() {
        if (config != null) {
            return config;
        }
        if ("devservices".equalsIgnoreCase(setting("TALLY_ENGINES", "tally.engines").orElse(""))) {
            config = Map.of();
            return config;
        }
        Optional<String> externalKafka = setting("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers");
        Optional<String> externalDb = setting("TALLY_DB_URL", "tally.db.url");

        CompletableFuture<Void> kafkaStarted = CompletableFuture.completedFuture(null);
        if (externalKafka.isPresent()) {
            bootstrapServers = externalKafka.get();
        } else {
            kafka = KafkaEngine.temporary();
            kafkaStarted = CompletableFuture.runAsync(kafka::start);
        }
        if (externalDb.isPresent()) {
            reactiveUrl = externalDb.get();
            username = setting("TALLY_DB_USER", "tally.db.user").orElse(PostgresEngine.USER);
            password = setting("TALLY_DB_PASSWORD", "tally.db.password").orElse(PostgresEngine.PASSWORD);
        } else {
            postgres = PostgresEngine.temporary();
            try {
                postgres.start();
            } catch (RuntimeException e) {
                KafkaEngine started = kafka;
                if (started != null) {
                    kafkaStarted.whenComplete((ok, failure) -> started.close());
                }
                throw e;
            }
            reactiveUrl = postgres.reactiveUrl();
            username = postgres.username();
            password = postgres.password();
        }
        try {
            kafkaStarted.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (postgres != null) {
                postgres.close();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (kafka != null) {
            bootstrapServers = kafka.bootstrapServers();
        }
        System.out.printf("Tally engines: Kafka %s%s, PostgreSQL %s%s%n",
                bootstrapServers, kafka == null ? " (external)" : " started in " + kafka.lastStartMillis() + " ms",
                reactiveUrl, postgres == null ? " (external)" : " started in " + postgres.lastStartMillis() + " ms");

        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", bootstrapServers);
        c.put("quarkus.datasource.reactive.url", reactiveUrl);
        c.put("quarkus.datasource.jdbc.url", "jdbc:" + reactiveUrl);
        c.put("quarkus.datasource.username", username);
        c.put("quarkus.datasource.password", password);
        c.put("quarkus.devservices.enabled", "false");
        config = Map.copyOf(c);
        return config;
    }

    /** The Kafka started here, for fault tests; fails if Kafka is external. */
    public static synchronized KafkaEngine kafka() {
        return require(kafka, "Kafka");
    }

    /** The PostgreSQL started here, for fault tests; fails if PostgreSQL is external. */
    public static synchronized PostgresEngine postgres() {
        return require(postgres, "PostgreSQL");
    }

    public static synchronized String bootstrapServers() {
        startOnce();
        return bootstrapServers;
    }

    /** {@code postgresql://host:port/db}, the form of the Quarkus reactive client. */
    public static synchronized String reactiveUrl() {
        startOnce();
        return reactiveUrl;
    }

    public static synchronized String jdbcUrl() {
        startOnce();
        return "jdbc:" + reactiveUrl;
    }

    public static synchronized String username() {
        startOnce();
        return username;
    }

    public static synchronized String password() {
        startOnce();
        return password;
    }

    private static <T> T require(T engine, String what) {
        startOnce();
        if (engine == null) {
            throw new IllegalStateException(what + " is external (or Dev Services are used): it is not started here");
        }
        return engine;
    }

    private static Optional<String> setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getProperty(env);
        }
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
