package dev.tally.projection;

import static dev.tally.projection.Eventually.frontierReaches;
import static dev.tally.projection.Eventually.projection;
import static dev.tally.projection.Eventually.projectionUntil;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.CloudEventHeaders;
import dev.tally.envelope.EventEnvelope;
import dev.tally.projection.runtime.DeadLetters;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live consumer on real Kafka and PostgreSQL, with the test view (one row per stream, one journal row per event):
 * exactly once under redelivery and rebalances, dead-lettering, skipping, read-your-writes and the problem answers.
 */
@QuarkusTest
@ExtendWith(TestTokens.AdminByDefault.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoldingTest {

    static final String TOPIC = "tally.test.events";

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    dev.tally.projection.testapp.CountingProjection projection;

    LogWriter log;

    @BeforeEach
    void writer() {
        log = new LogWriter(kafkaConfig, TOPIC).ensureTopic(6);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    @Order(1)
    void redeliveredEventsAndARebalanceFromResetCheckpointsChangeNothing() {
        String prefix = "eo-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<EventEnvelope> events = log.workload(prefix, 20, 25);
        frontierReaches(log.lastPosition());

        Map<String, List<Long>> before = balances(prefix);
        assertEquals(20, before.size());
        for (List<Long> row : before.values()) {
            assertEquals(List.of(26L, 325L, 26L), row, "events, balance (1+..+25), version");
        }
        long journalBefore = journalRows(prefix);
        assertEquals(events.size(), journalBefore);

        // 1. The same records again (a producer retry or a replay): dropped by the stream-version guard.
        long redelivered = projection().getLong("redelivered");
        log.sendAll(events.subList(0, 200));
        projectionUntil("200 more redeliveries are counted", Duration.ofSeconds(60),
                r -> r.getLong("redelivered") == redelivered + 200);
        assertEquals(before, balances(prefix));
        assertEquals(journalBefore, journalRows(prefix));
        assertEquals(log.lastPosition(), projection().getLong("frontier"));

        // 2. Offsets reset (the checkpoints in PostgreSQL are the offsets) and a rebalance: another member joins the
        // group and leaves again, so every partition is revoked, reassigned and sought to the stored checkpoint.
        int generation = projection().getInt("activeGeneration");
        long total = endOffsetsSum();
        long redeliveredBeforeReset = projection().getLong("redelivered");
        execute("UPDATE test_view.checkpoints SET next_offset = 0 WHERE generation = $1", Tuple.of(generation));
        joinAndLeaveTheGroup();
        JsonPath after = projectionUntil("the view re-reads the whole topic and is level again", Duration.ofSeconds(90),
                r -> r.getLong("lagEvents") == 0 && r.getLong("redelivered") >= redeliveredBeforeReset + events.size() + 200);
        assertEquals(before, balances(prefix));
        assertEquals(journalBefore, journalRows(prefix));
        assertEquals(total, checkpointsSum(generation), "checkpoints are back at the end of every partition");
        assertEquals(log.lastPosition(), after.getLong("frontier"));
    }

    @Test
    @Order(2)
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndLaterEventsStillApply() {
        String stream = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        long deadLettered = projection().getLong("deadLettered");
        log.open(stream);

        // Not a CloudEvent at all, but it holds a valid position (the frontier must pass it).
        long garbagePosition = log.nextPosition();
        Map<String, byte[]> garbageHeaders = new LinkedHashMap<>();
        garbageHeaders.put(CloudEventHeaders.POSITION, Long.toString(garbagePosition).getBytes(StandardCharsets.UTF_8));
        byte[] garbage = "\u0000garbage{".getBytes(StandardCharsets.UTF_8);
        var garbageMeta = log.sendRaw(stream, garbageHeaders, garbage);

        // A valid envelope whose payload breaks its schema: an amount that is not a number.
        EventEnvelope broken = log.send(log.next(stream, "MoneyDeposited", 1,
                ("{\"accountId\":\"" + stream + "\",\"amount\":\"lots\",\"currency\":\"EUR\",\"reference\":\"r\"}")
                        .getBytes(StandardCharsets.UTF_8)));
        EventEnvelope later = log.deposit(stream, 100);

        given().queryParam("minPosition", later.position()).get("/balances/" + stream)
                .then().statusCode(200).body("balance", equalTo(100)).body("events", equalTo(2))
                .body("version", equalTo(3));
        projectionUntil("two more dead letters are counted", Duration.ofSeconds(30),
                r -> r.getLong("deadLettered") == deadLettered + 2);

        Map<Long, ConsumerRecord<byte[], byte[]>> dlq = readDeadLetters(garbageMeta.partition(), letters ->
                letters.containsKey(garbageMeta.offset()) && letters.values().stream()
                        .anyMatch(r -> broken.eventId().toString().equals(header(r, CloudEventHeaders.ID))));
        ConsumerRecord<byte[], byte[]> garbageLetter = dlq.get(garbageMeta.offset());
        assertNotNull(garbageLetter, "the garbage record is in the dead-letter topic");
        assertTrue(new String(garbage, StandardCharsets.UTF_8).equals(new String(garbageLetter.value(), StandardCharsets.UTF_8)));
        assertTrue(header(garbageLetter, DeadLetters.REASON).startsWith("invalid envelope"), header(garbageLetter, DeadLetters.REASON));
        assertEquals("test_view", header(garbageLetter, DeadLetters.VIEW));
        assertEquals(TOPIC, header(garbageLetter, DeadLetters.SOURCE_TOPIC));
        assertEquals(Long.toString(garbagePosition), header(garbageLetter, CloudEventHeaders.POSITION));

        ConsumerRecord<byte[], byte[]> brokenLetter = dlq.values().stream()
                .filter(r -> broken.eventId().toString().equals(header(r, CloudEventHeaders.ID))).findFirst().orElse(null);
        assertNotNull(brokenLetter, "the undecodable event is in the dead-letter topic");
        assertTrue(header(brokenLetter, DeadLetters.REASON).startsWith("undecodable event"), header(brokenLetter, DeadLetters.REASON));
        assertEquals(stream, new String(brokenLetter.key(), StandardCharsets.UTF_8));
        assertEquals(Integer.toString(garbageMeta.partition()), header(brokenLetter, DeadLetters.SOURCE_PARTITION));
        assertEquals(log.lastPosition(), frontierReaches(log.lastPosition()).getLong("frontier"));
    }

    @Test
    @Order(3)
    void unknownNewerTypesAreSkippedAndCountedAndIgnoredOnesCounted() {
        String stream = "future-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath start = projection();
        log.open(stream);
        log.send(log.next(stream, "AccountRenamed", 1, "{\"accountId\":\"x\",\"name\":\"n\"}".getBytes(StandardCharsets.UTF_8)));
        log.send(log.next(stream, "MoneyDeposited", 99, "{\"whatever\":true}".getBytes(StandardCharsets.UTF_8)));
        log.send(log.next(stream, "Ignored", 1, "{}".getBytes(StandardCharsets.UTF_8)));
        EventEnvelope deposit = log.deposit(stream, 50);

        given().queryParam("minPosition", deposit.position()).get("/balances/" + stream)
                .then().statusCode(200).body("balance", equalTo(50)).body("events", equalTo(2)).body("version", equalTo(5));
        JsonPath end = projectionUntil("counters are updated", Duration.ofSeconds(10),
                r -> r.getLong("skipped") == start.getLong("skipped") + 2);
        assertEquals(start.getLong("ignored") + 1, end.getLong("ignored"));
        assertEquals(start.getLong("deadLettered"), end.getLong("deadLettered"), "unknown types are not poison");
        assertEquals(start.getLong("eventsApplied") + 2, end.getLong("eventsApplied"));
    }

    @Test
    @Order(4)
    void readYourWritesAnswersAsSoonAsTheViewHasTheWrite() throws Exception {
        String stream = "ryw-" + UUID.randomUUID().toString().substring(0, 8);
        long committedBefore = projection.committedEvents();
        log.open(stream);
        long expected = 0;
        long started = System.nanoTime();
        for (int i = 1; i <= 20; i++) {
            EventEnvelope deposit = log.deposit(stream, i);
            expected += i;
            // No sleep: the query itself waits until the view has folded the deposit.
            given().queryParam("minPosition", deposit.position()).get("/balances/" + stream)
                    .then().statusCode(200).body("balance", equalTo((int) expected));
        }
        System.out.printf("write acknowledged + query with minPosition answered: %.1f ms on average%n",
                (System.nanoTime() - started) / 20 / 1e6);

        // A query that arrives before the write is released when the write is folded.
        EventEnvelope upcoming = log.next(stream, new dev.tally.events.MoneyDeposited(stream, 1000, "EUR", "later"));
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
                given().queryParam("minPosition", upcoming.position()).get("/balances/" + stream));
        Thread.sleep(300);
        assertTrue(!waiting.isDone(), "the query waits for its position");
        log.send(upcoming);
        Response answer = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals(expected + 1000, answer.jsonPath().getLong("balance"));

        readYourWrites.await(upcoming.position()).await().atMost(Duration.ofSeconds(1));
        assertTrue(readYourWrites.frontier() >= upcoming.position());
        // The live-update hook saw every committed event of the stream (1 open + 20 + 1 deposits).
        Eventually.until("committed() saw the batches", Duration.ofSeconds(10),
                () -> projection.committedEvents() >= committedBefore + 22);
    }

    @Test
    @Order(5)
    void aPositionTheViewDoesNotReachInTimeIs503WithRetryAfter() {
        long ahead = log.lastPosition() + 1_000;
        long started = System.nanoTime();
        given().header("X-Correlation-Id", "ryw-timeout-1").queryParam("minPosition", ahead).get("/balances/anything")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .header("X-Correlation-Id", "ryw-timeout-1")
                .body("type", equalTo("urn:tally:problem:view-not-caught-up"))
                .body("code", equalTo("view-not-caught-up"))
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", containsString(Long.toString(ahead)))
                .body("instance", equalTo("/balances/anything"))
                .body("correlationId", equalTo("ryw-timeout-1"));
        double waited = (System.nanoTime() - started) / 1e9;
        assertTrue(waited >= 1.9 && waited < 6, "waited the configured 2 s, not " + waited);
    }

    @Test
    @Order(6)
    void errorsAreProblems() {
        given().get("/no/such/route").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not-found")).body("type", equalTo("urn:tally:problem:not-found"))
                .body("correlationId", notNullValue()).header("X-Correlation-Id", notNullValue());
        given().queryParam("minPosition", "abc").get("/balances/x").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-parameter"));
        given().get("/balances/nobody-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("stream-not-found"))
                .body("detail", startsWith("No stream"));
        given().post("/projection").then().statusCode(405).contentType("application/problem+json")
                .body("code", equalTo("method-not-allowed"));
    }

    @Test
    @Order(7)
    void projectionReportAddsUp() {
        JsonPath r = frontierReaches(log.lastPosition());
        int generation = r.getInt("activeGeneration");
        long journal = single("SELECT count(*) FROM test_view_g" + generation + ".journal");
        assertEquals("test_view", r.getString("view"));
        assertEquals("RUNNING", r.getString("status"));
        assertEquals(journal, r.getLong("eventsApplied"), "every applied event has exactly one journal row");
        assertEquals(log.lastPosition(), r.getLong("frontier"));
        assertEquals(0, r.getLong("lagEvents"));
        assertEquals(0, r.getLong("lagSeconds"));
        assertEquals(6, r.getList("partitions").size());
        long ends = 0;
        for (int p = 0; p < 6; p++) {
            Map<String, Object> partition = r.getMap("partitions[" + p + "]");
            assertEquals(partition.get("endOffset"), partition.get("nextOffset") == null ? 0 : partition.get("nextOffset"));
            ends += ((Number) partition.get("endOffset")).longValue();
        }
        assertEquals(endOffsetsSum(), ends);
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'projection' }.status", equalTo("UP"));
    }

    // --- helpers ---

    private Map<String, List<Long>> balances(String prefix) {
        Map<String, List<Long>> result = new LinkedHashMap<>();
        pool.preparedQuery("SELECT stream_id, events, balance, last_version FROM test_view.balances WHERE stream_id LIKE $1 ORDER BY stream_id")
                .execute(Tuple.of(prefix + "%")).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> result.put(row.getString(0), List.of(row.getLong(1), row.getLong(2), row.getLong(3))));
        return result;
    }

    /**
     * Batches whose commit succeeded and was then lost (an asynchronous commit, {@code synchronous-commit=off}, that a
     * crash or a fail-over to a standby took away) while the consumer kept running: the consumer must notice that the
     * stored checkpoint is behind what it committed and fold those batches again, not carry on and leave the streams
     * with version gaps. The loss is made by putting back the view's state from before the batches, as the promoted
     * standby would hold it.
     */
    @Test
    @Order(20)
    void batchesWhoseCommitWasLostAreFoldedAgainInsteadOfLeavingGaps() {
        String prefix = "lost-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        log.workload(prefix, 6, 3);
        frontierReaches(log.lastPosition());
        int generation = projection().getInt("activeGeneration");
        long gapsBefore = projection().getLong("gaps");
        String schema = "test_view_g" + generation;
        List<String> snapshot = List.of(
                "DROP SCHEMA IF EXISTS lost_commit CASCADE",
                "CREATE SCHEMA lost_commit",
                "CREATE TABLE lost_commit.checkpoints AS SELECT * FROM test_view.checkpoints WHERE generation = " + generation,
                "CREATE TABLE lost_commit.progress AS SELECT * FROM test_view.progress WHERE generation = " + generation,
                "CREATE TABLE lost_commit.pending AS SELECT * FROM test_view.pending_positions WHERE generation = " + generation,
                "CREATE TABLE lost_commit.versions AS SELECT * FROM " + schema + ".stream_versions",
                "CREATE TABLE lost_commit.balances AS SELECT * FROM " + schema + ".balances",
                "CREATE TABLE lost_commit.journal AS SELECT * FROM " + schema + ".journal");
        snapshot.forEach(sql -> execute(sql, Tuple.tuple()));

        for (int d = 0; d < 3; d++) { // committed by the view, then lost
            for (int s = 0; s < 6; s++) {
                log.deposit(prefix + s, 10);
            }
        }
        frontierReaches(log.lastPosition());
        pool.withTransaction(tx -> io.smallrye.mutiny.Uni.join().all(List.of(
                        tx.query("DELETE FROM test_view.checkpoints WHERE generation = " + generation).execute(),
                        tx.query("INSERT INTO test_view.checkpoints SELECT * FROM lost_commit.checkpoints").execute(),
                        tx.query("DELETE FROM test_view.progress WHERE generation = " + generation).execute(),
                        tx.query("INSERT INTO test_view.progress SELECT * FROM lost_commit.progress").execute(),
                        tx.query("DELETE FROM test_view.pending_positions WHERE generation = " + generation).execute(),
                        tx.query("INSERT INTO test_view.pending_positions SELECT * FROM lost_commit.pending").execute(),
                        tx.query("DELETE FROM " + schema + ".stream_versions").execute(),
                        tx.query("INSERT INTO " + schema + ".stream_versions SELECT * FROM lost_commit.versions").execute(),
                        tx.query("DELETE FROM " + schema + ".balances").execute(),
                        tx.query("INSERT INTO " + schema + ".balances SELECT * FROM lost_commit.balances").execute(),
                        tx.query("DELETE FROM " + schema + ".journal").execute(),
                        tx.query("INSERT INTO " + schema + ".journal SELECT * FROM lost_commit.journal").execute()))
                .andCollectFailures())
                .await().atMost(Duration.ofSeconds(30));

        for (int s = 0; s < 6; s++) { // the next batch finds the checkpoints behind what the consumer committed
            log.deposit(prefix + s, 100);
        }
        Eventually.until("every stream has all 8 of its events again", Duration.ofSeconds(90), () -> balances(prefix)
                .values().stream().allMatch(row -> row.equals(List.of(8L, 1L + 2 + 3 + 30 + 100, 8L))));
        assertEquals(6, balances(prefix).size());
        assertEquals(6 * 8, journalRows(prefix), "one journal row per event, none twice");
        assertEquals(gapsBefore, projection().getLong("gaps"), "no stream was held for a gap");
        frontierReaches(log.lastPosition());
        execute("DROP SCHEMA lost_commit CASCADE", Tuple.tuple());
    }

    private long journalRows(String prefix) {
        return pool.preparedQuery("SELECT count(*) FROM test_view.journal WHERE stream_id LIKE $1")
                .execute(Tuple.of(prefix + "%")).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long checkpointsSum(int generation) {
        return pool.preparedQuery("SELECT coalesce(sum(next_offset), 0) FROM test_view.checkpoints WHERE generation = $1")
                .execute(Tuple.of(generation)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long single(String sql) {
        Row row = pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        return row.getLong(0);
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(10));
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private long endOffsetsSum() {
        try (var consumer = new KafkaConsumer<>(consumerConfig(null), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A second member of the view's group: the rebalance revokes and reassigns every partition twice. */
    private void joinAndLeaveTheGroup() {
        try (var intruder = new KafkaConsumer<>(consumerConfig("tally-test-view"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            intruder.subscribe(List.of(TOPIC));
            Eventually.until("the second member gets partitions", Duration.ofSeconds(60), () -> {
                intruder.poll(Duration.ofMillis(100));
                return !intruder.assignment().isEmpty();
            });
        }
    }

    /** Dead letters from one source partition, keyed by their source offset, read until {@code enough} holds. */
    private Map<Long, ConsumerRecord<byte[], byte[]>> readDeadLetters(int sourcePartition,
            java.util.function.Predicate<Map<Long, ConsumerRecord<byte[], byte[]>>> enough) {
        String dlq = TOPIC + ".dlq.test_view";
        Map<Long, ConsumerRecord<byte[], byte[]>> bySourceOffset = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig(null), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(dlq).forEach(p -> partitions.add(new TopicPartition(dlq, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Eventually.until("the dead letters arrive", Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (Integer.toString(sourcePartition).equals(header(r, DeadLetters.SOURCE_PARTITION))) {
                        bySourceOffset.put(Long.parseLong(header(r, DeadLetters.SOURCE_OFFSET)), r);
                    }
                }
                return enough.test(bySourceOffset);
            });
        }
        return bySourceOffset;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
