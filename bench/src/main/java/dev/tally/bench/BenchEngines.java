package dev.tally.bench;

import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.tally.engines.DevelopmentKey;
import dev.tally.engines.EngineEnvironment;
import dev.tally.engines.KafkaEngine;
import dev.tally.engines.PostgresEngine;
import dev.tally.engines.ServiceProcess;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * The engines a benchmark measures: a fresh PostgreSQL (temporary data directory, PostgreSQL's default durability)
 * and a single-node Kafka, both through tally-engines, started in parallel; plus what every benchmark needs from
 * them (client options, the environment a service is started with, the settings printed in the report).
 */
final class BenchEngines implements AutoCloseable {

    final PostgresEngine postgres = PostgresEngine.temporary();
    final KafkaEngine kafka = KafkaEngine.temporary();

    void start() {
        CompletableFuture<Void> pgStarted = CompletableFuture.runAsync(postgres::start);
        CompletableFuture<Void> kafkaStarted = CompletableFuture.runAsync(kafka::start);
        CompletableFuture.allOf(pgStarted, kafkaStarted).join();
    }

    PgConnectOptions pgOptions() {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.port())
                .setDatabase(PostgresEngine.DATABASE).setUser(postgres.username()).setPassword(postgres.password())
                .setCachePreparedStatements(true);
    }

    /** TALLY_DB_URL, TALLY_DB_USER/PASSWORD, KAFKA_BOOTSTRAP_SERVERS, a loopback HTTP host and the development key. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> env = EngineEnvironment.of(postgres, kafka);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // Production settings plus the development key pair, as in the local run; requests carry an admin token.
        env.putAll(DevelopmentKey.serviceEnvironment());
        return Map.copyOf(env);
    }

    /** PostgreSQL settings that decide what a commit costs, and where its data lives, into the machine facts. */
    void describe(Pool pool, Map<String, String> facts) throws Exception {
        for (Row row : WriteBenchmark.await(pool.query("SELECT name, setting FROM pg_settings WHERE name IN ("
                + "'server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', "
                + "'shared_buffers', 'max_wal_size', 'commit_delay') ORDER BY name").execute())) {
            facts.put("PostgreSQL " + row.getString("name"), row.getString("setting"));
        }
        var store = Files.getFileStore(postgres.directory());
        facts.put("PostgreSQL data directory", postgres.directory() + " (" + store.type() + " on " + store.name()
                + ", fresh)");
    }

    /** The process tree of a running service, for {@link CpuMeter}. */
    static Optional<ProcessHandle> handle(ServiceProcess service) {
        return service == null || !service.isAlive() ? Optional.empty() : ProcessHandle.of(service.pid());
    }

    @Override
    public void close() {
        kafka.close();
        postgres.close();
    }
}
