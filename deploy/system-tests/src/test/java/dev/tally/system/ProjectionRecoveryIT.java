package dev.tally.system;

import static dev.tally.system.Http.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The read side's recovery paths on the real system: redelivery, zero-downtime rebuild, poison records. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionRecoveryIT {

    private static final String TOPIC = "tally.ledger.events";
    private final TallySystem system = TallySystem.get();
    private final Ledger ledger = new Ledger(system.writeSide);

    @Test
    @Order(1)
    void redeliveringTheWholeLogChangesNothing() throws Exception {
        Workload.Outcome outcome = new Workload(ledger, 7L).run(8, 20, 2);
        List<String> before = ViewSnapshot.take(system, outcome.accounts(), outcome.maxPosition());
        Map<String, Map<String, Object>> progress = new Views(system).projections();

        for (ServiceProcess view : system.views()) {
            view.stop(Duration.ofSeconds(15));
            String schema = view.name().replace("-view", "_view");
            try (Connection db = database(); Statement sql = db.createStatement()) {
                int rows = sql.executeUpdate("UPDATE " + schema + ".checkpoints SET next_offset = 0 WHERE generation = "
                        + "(SELECT n FROM " + schema + ".generations WHERE status = 'ACTIVE')");
                assertTrue(rows > 0, "checkpoints of " + schema + " reset");
            }
            system.start(view);
        }
        awaitCaughtUp();

        assertEquals(before, ViewSnapshot.take(system, outcome.accounts(), outcome.maxPosition()));
        Map<String, Map<String, Object>> after = new Views(system).projections();
        for (var view : system.views()) {
            long applied = number(progress.get(view.name()), "eventsApplied");
            assertEquals(applied, number(after.get(view.name()), "eventsApplied"), view.name() + " applied nothing again");
            assertTrue(number(after.get(view.name()), "redelivered") >= applied,
                    view.name() + " saw the whole log again and dropped it: " + after.get(view.name()));
        }
    }

    @Test
    @Order(2)
    void aRebuildGivesAnIdenticalViewWhileQueriesKeepAnswering() throws Exception {
        Workload.Outcome outcome = new Workload(ledger, 11L).run(8, 20, 2);
        List<String> before = ViewSnapshot.take(system, outcome.accounts(), outcome.maxPosition());

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        Thread queries = new Thread(() -> {
            while (rebuilding.get()) {
                for (ServiceProcess view : system.views()) {
                    String path = view == system.audit ? "/journal?limit=50" : "/accounts/" + outcome.accounts().get(0);
                    int status = to(view).get(path).statusCode();
                    answered.incrementAndGet();
                    if (status != 200) {
                        failures.add(view.name() + " " + path + " -> " + status);
                    }
                }
            }
        });
        queries.start();
        try {
            List<Integer> generations = new ArrayList<>();
            for (ServiceProcess view : system.views()) {
                generations.add(to(view).post("/projection/rebuild").then().statusCode(202)
                        .extract().<Integer>path("generation"));
            }
            for (int i = 0; i < generations.size(); i++) {
                awaitGeneration(system.views().get(i), generations.get(i));
            }
        } finally {
            rebuilding.set(false);
            queries.join();
        }
        assertTrue(failures.isEmpty(), "queries failed during the rebuild: " + failures);
        assertTrue(answered.get() > 10, "queries ran during the rebuild");
        assertEquals(before, ViewSnapshot.take(system, outcome.accounts(), outcome.maxPosition()));
    }

    @Test
    @Order(3)
    void aPoisonRecordIsDeadLetteredAndLaterEventsStillApply() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(kafka(), new ByteArraySerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<>(TOPIC, poisonKey.getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", "dev.tally.ledger.MoneyDeposited".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        String account = ledger.open("after-poison", "EUR", 0);
        long position = ledger.deposit(account, 42).then().statusCode(200).extract().<Number>path("position").longValue();
        new Views(system).assertAgreeWith(ledger.fold(account), position);

        for (ServiceProcess view : system.views()) {
            String dlq = TOPIC + ".dlq." + view.name().replace("-view", "_view");
            assertTrue(deadLetterReason(dlq, poisonKey) != null, "poison record in " + dlq);
        }
    }

    private String deadLetterReason(String topic, String key) {
        Properties config = kafka();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        var reason = record.headers().lastHeader("dlq_reason");
                        return reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return null;
    }

    private void awaitCaughtUp() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = new Views(system).projections().values().stream()
                    .allMatch(p -> number(p, "lagEvents") == 0 && "RUNNING".equals(p.get("status")));
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("views did not catch up: " + new Views(system).projections());
    }

    private void awaitGeneration(ServiceProcess view, int generation) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> p = to(view).get("/projection").then().statusCode(200).extract().jsonPath().getMap("");
            if (number(p, "activeGeneration") == generation && p.get("rebuild") == null) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(view.name() + " did not switch to generation " + generation);
    }

    private Properties kafka() {
        Properties config = new Properties();
        config.put("bootstrap.servers", system.kafka.bootstrapServers());
        return config;
    }

    private Connection database() throws Exception {
        return DriverManager.getConnection(system.postgres.jdbcUrl(), system.postgres.username(), system.postgres.password());
    }

    private static long number(Map<String, Object> json, String field) {
        Object value = json.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
