package dev.tally.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnginesTest {

    private static KafkaEngine kafka;
    private static PostgresEngine postgres;

    @BeforeAll
    static void startEngines() {
        kafka = KafkaEngine.temporary();
        postgres = PostgresEngine.temporary();
        kafka.start();
        postgres.start();
        System.out.printf("Engine start: kafka %d ms, postgres %d ms%n", kafka.lastStartMillis(), postgres.lastStartMillis());
    }

    @AfterAll
    static void closeEngines() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void postgresStoresAndReturnsARow() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE greeting (id bigint PRIMARY KEY, text varchar(40) NOT NULL)");
            s.execute("INSERT INTO greeting VALUES (7, 'hello ledger')");
            try (ResultSet rs = s.executeQuery("SELECT text FROM greeting WHERE id = 7")) {
                assertTrue(rs.next());
                assertEquals("hello ledger", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT current_user, current_database(), current_setting('fsync')")) {
                assertTrue(rs.next());
                assertEquals("tally", rs.getString(1));
                assertEquals("tally", rs.getString(2));
                assertEquals("on", rs.getString(3), "durability must stay on for honest measurements");
            }
        }
    }

    @Test
    @Order(2)
    void kafkaDeliversAProducedRecord() throws Exception {
        String topic = "probe-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(topic, "acct-1", "opened");
        List<ConsumerRecord<String, String>> got = consumeAll(topic, 1);
        assertEquals(1, got.size());
        assertEquals("acct-1", got.get(0).key());
        assertEquals("opened", got.get(0).value());
    }

    @Test
    @Order(3)
    void postgresRestartsOnTheSamePortWithItsData() throws SQLException {
        int port = postgres.port();
        long hostPid = postgres.hostProcess().orElseThrow().pid();
        postgres.stop();
        assertFalse(Ports.isListening(port), "port closed after stop");
        assertFalse(ProcessHandle.of(hostPid).map(ProcessHandle::isAlive).orElse(false), "host gone after stop");
        assertThrows(SQLException.class, EnginesTest::connect);

        postgres.start();
        System.out.printf("Engine restart: postgres %d ms%n", postgres.lastStartMillis());
        assertEquals(port, postgres.port());
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT text FROM greeting WHERE id = 7")) {
            assertTrue(rs.next(), "row written before the restart is still there");
            assertEquals("hello ledger", rs.getString(1));
        }
    }

    @Test
    @Order(4)
    void kafkaRestartsOnTheSamePortWithItsData() throws Exception {
        String topic = "durable-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(topic, "acct-2", "deposited");
        int port = kafka.port();
        kafka.stop();
        assertFalse(Ports.isListening(port), "port closed after stop");

        kafka.start();
        System.out.printf("Engine restart: kafka %d ms%n", kafka.lastStartMillis());
        List<ConsumerRecord<String, String>> got = consumeAll(topic, 1);
        assertEquals(1, got.size(), "record produced before the restart is still there");
        assertEquals("deposited", got.get(0).value());
    }

    @Test
    @Order(5)
    void closeLeavesNoProcessAndNoOpenPort() {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Engine engine : List.of(kafka, postgres)) {
            ProcessHandle host = engine.hostProcess().orElseThrow();
            processes.add(host);
            host.descendants().forEach(processes::add);
        }
        assertTrue(processes.size() >= 3, "two hosts plus at least the postmaster: " + processes);
        Set<Integer> ports = Set.of(kafka.port(), postgres.port());

        kafka.close();
        postgres.close();

        for (ProcessHandle p : processes) {
            assertFalse(p.isAlive(), "still alive after close: " + p.pid() + " " + p.info().commandLine().orElse(""));
        }
        for (int port : ports) {
            assertFalse(Ports.isListening(port), "port " + port + " still open");
        }
        assertFalse(java.nio.file.Files.exists(postgres.directory()), "temporary data directory deleted");
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static void assertThrows(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(type, e);
    }

    private static void produce(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "probe-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
