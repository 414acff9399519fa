package dev.tally.launcher;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.tally.engines.Engine;
import dev.tally.engines.EngineStartException;
import dev.tally.engines.KafkaEngine;
import dev.tally.engines.PostgresEngine;

/**
 * Kafka and PostgreSQL for the local run, their data kept in {@code TALLY_HOME}, started side by side; an engine
 * given as an external URL is only named. Left running at JVM exit on purpose: {@link #stop} stops them after the
 * services.
 */
final class LocalEngines {

    private final Settings settings;
    private volatile KafkaEngine kafka;
    private volatile PostgresEngine postgres;

    LocalEngines(Settings settings) {
        this.settings = settings;
    }

    /** Starts both and waits for them; false (after saying why) if either failed. */
    boolean start() {
        System.out.println("Starting engines...");
        CompletableFuture<Void> kafkaUp = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> pgUp = CompletableFuture.completedFuture(null);
        if (settings.externalKafka().isEmpty()) {
            kafka = KafkaEngine.persistent(settings.home().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort(), settings.logs().resolve("kafka.log"));
            kafkaUp = startInBackground(kafka, "Kafka", settings.bootstrapServers());
        } else {
            System.out.println("  Kafka            " + settings.bootstrapServers() + "  (external, KAFKA_BOOTSTRAP_SERVERS)");
        }
        if (settings.externalDb().isEmpty()) {
            postgres = PostgresEngine.persistent(settings.home().resolve("postgres"), settings.pgPort(),
                    settings.logs().resolve("postgres.log"));
            pgUp = startInBackground(postgres, "PostgreSQL", settings.dbUrl());
        } else {
            System.out.println("  PostgreSQL       " + settings.dbUrl() + "  (external, TALLY_DB_URL)");
        }
        boolean ok = true;
        for (Map.Entry<String, CompletableFuture<Void>> e : Map.of("Kafka", kafkaUp, "PostgreSQL", pgUp).entrySet()) {
            try {
                e.getValue().join();
            } catch (CompletionException failure) {
                ok = false;
                Throwable cause = failure.getCause();
                System.err.println(e.getKey() + " failed to start: "
                        + (cause instanceof EngineStartException ? cause.getMessage() : String.valueOf(cause)));
            }
        }
        return ok;
    }

    /** Kept running past this JVM's exit, since {@link #stop} stops it after the services; says when it is ready. */
    private static CompletableFuture<Void> startInBackground(Engine engine, String name, String where) {
        engine.stopOnJvmExit(false);
        return CompletableFuture.runAsync(() -> {
            engine.start();
            Console.ready(name, where, engine.lastStartMillis());
        });
    }

    /** True once this run has created an engine of its own (started or not). */
    boolean any() {
        return kafka != null || postgres != null;
    }

    /** Stops both side by side; says so if there was anything to stop. */
    void stop() {
        CompletableFuture<Void> k = CompletableFuture.runAsync(() -> close(kafka));
        CompletableFuture<Void> p = CompletableFuture.runAsync(() -> close(postgres));
        CompletableFuture.allOf(k, p).join();
        if (any()) {
            System.out.println("  engines stopped; data kept in " + settings.home());
        }
    }

    private static void close(Engine engine) {
        if (engine != null) {
            engine.close();
        }
    }
}
