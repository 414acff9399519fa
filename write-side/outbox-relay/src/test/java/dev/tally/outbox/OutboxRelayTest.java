package dev.tally.outbox;

import static dev.tally.outbox.testing.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.CloudEventHeaders;
import dev.tally.eventstore.AppendResult;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.ExpectedVersion;
import dev.tally.eventstore.NewEvent;
import dev.tally.eventstore.testing.Poll;
import dev.tally.outbox.testing.TopicReader;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.eventstore.StreamAppend;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The relay against real PostgreSQL and real Kafka: nothing lost, nothing duplicated in a normal run, one leader. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    OutboxRelayService relay;

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Inject
    RelayConfig config;

    private final String run = "relay-" + UUID.randomUUID() + "-";
    private final Predicate<String> ours = key -> key.startsWith(run);
    private TopicReader topic;

    @BeforeEach
    void relayIsLeading() {
        relay.start();
        Poll.until(WAIT, "the application's relay leads", () -> relay.status().leader());
        // One event through, so the topic exists before the reader looks it up.
        AppendResult warmUp = append(StreamAppend.of(run + "warm-up", ExpectedVersion.noStream(), event("WarmUp")));
        Poll.until(WAIT, "the relay checkpoint passes the warm-up event",
                () -> relay.storedCheckpoint().await().atMost(WAIT) >= warmUp.lastPosition());
        topic = new TopicReader(config.topic());
    }

    @AfterEach
    void closeReader() {
        topic.close();
        relay.start();
    }

    @Test
    void everyCommittedEventReachesTheTopicOnceAndInStreamOrder() throws Exception {
        relay.resetLag();
        Map<UUID, RecordedEvent> committed = appendConcurrently(8, 40);

        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(ours,
                all -> ids(all).containsAll(committed.keySet()), WAIT, "every committed event is on the topic");
        Poll.until(WAIT, "the checkpoint passes the last event", () -> relay.storedCheckpoint().await().atMost(WAIT)
                >= committed.values().stream().mapToLong(RecordedEvent::position).max().orElseThrow());
        records = topic.readToEnd(ours);

        assertExactlyOnce(committed.keySet(), records);
        assertStreamOrder(records);
        assertPartitionOrder(records);
        for (ConsumerRecord<String, byte[]> record : records) {
            RecordedEvent event = committed.get(UUID.fromString(header(record, CloudEventHeaders.ID)));
            if (event == null) {
                continue; // the warm-up event
            }
            assertEquals(event.streamId(), record.key());
            assertEquals(event.streamId(), header(record, CloudEventHeaders.SUBJECT));
            assertEquals(Long.toString(event.streamVersion()), header(record, CloudEventHeaders.STREAM_VERSION));
            assertEquals(Long.toString(event.position()), header(record, CloudEventHeaders.POSITION));
            assertEquals("dev.tally.ledger." + event.type(), header(record, CloudEventHeaders.TYPE));
        }
        RelayStatus status = relay.status();
        assertEquals(committed.size(), status.lag().count(), "lag recorded for every published event");
        assertTrue(status.lag().p99Micros() > 0);
        System.out.printf("relay: %d events, commit->ack lag %s%n", committed.size(), status.lag());
    }

    @Test
    void aStoppedRelayPublishesNothingAndCatchesUpAfterRestart() throws Exception {
        relay.stop();
        assertFalse(relay.status().started());
        assertFalse(relay.status().leader());
        long checkpoint = relay.storedCheckpoint().await().atMost(WAIT);

        Set<UUID> appended = new HashSet<>();
        for (int s = 0; s < 5; s++) {
            String stream = run + "stopped-" + s;
            for (long version = 0; version < 6; version++) {
                NewEvent event = event("WhileStopped");
                append(StreamAppend.of(stream, ExpectedVersion.of(version), event));
                appended.add(event.eventId());
            }
        }
        Thread.sleep(config.pollInterval().toMillis() + 500);
        assertEquals(checkpoint, relay.storedCheckpoint().await().atMost(WAIT), "checkpoint moved while stopped");
        assertTrue(ids(topic.readToEnd(ours)).stream().noneMatch(appended::contains), "published while stopped");

        relay.start();
        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(ours,
                all -> ids(all).containsAll(appended), WAIT, "the events appended while stopped are published");
        Poll.until(WAIT, "the checkpoint catches up",
                () -> relay.storedCheckpoint().await().atMost(WAIT) >= store.headPosition().await().atMost(WAIT));
        records = topic.readToEnd(ours);
        assertExactlyOnce(appended, records);
        assertStreamOrder(records);
    }

    @Test
    void appendsWithinTheLingerAfterANotificationGoOutInOneBatch() throws Exception {
        relay.stop();
        // Polls only once a minute, so that only a notification (and then the linger) starts a read.
        RelaySettings app = relay.settings();
        OutboxRelay lingering = relay.newRelay(new RelaySettings(app.topic(), app.partitions(),
                app.replicationFactor(), app.source(), app.typePrefix(), Duration.ofMinutes(1), Duration.ofSeconds(1),
                app.batchSize(), app.name(), app.lockKey(), app.leaderRetryInterval(), app.retryBackoffMin(),
                app.retryBackoffMax(), app.ackTimeout(), app.shutdownTimeout(), app.producer()));
        try {
            lingering.start();
            Poll.until(WAIT, "the lingering relay leads", () -> lingering.status().leader());
            AppendResult warmUp = append(StreamAppend.of(run + "linger-warm-up", ExpectedVersion.noStream(),
                    event("WarmUp")));
            Poll.until(WAIT, "the lingering relay published the warm-up event",
                    () -> relay.storedCheckpoint().await().atMost(WAIT) >= warmUp.lastPosition());
            Thread.sleep(1_500); // a notification already read with the warm-up event ends its linger meanwhile

            List<UUID> appended = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                // Separate commits 100 ms apart: without the linger the first would be a batch of its own.
                appended.addAll(appendSome("linger-" + i, 1));
                Thread.sleep(100);
            }
            long appendMillis = (System.nanoTime() - started) / 1_000_000;
            List<ConsumerRecord<String, byte[]>> records = topic.readUntil(ours,
                    all -> ids(all).containsAll(appended), WAIT, "the lingered appends are published");

            List<Long> sent = records.stream()
                    .filter(r -> appended.contains(UUID.fromString(header(r, CloudEventHeaders.ID))))
                    .map(ConsumerRecord::timestamp).toList();
            long first = sent.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = sent.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(appendMillis < 900, "the appends took " + appendMillis + " ms, longer than the linger");
            assertTrue(last - first < 100, "sent " + (last - first) + " ms apart: not one batch");
            assertExactlyOnce(new HashSet<>(appended), records);
        } finally {
            lingering.stop();
        }
    }

    @Test
    void aStandbyTakesOverWhenTheLeadersLockConnectionBreaksAndNothingIsLost() throws Exception {
        OutboxRelay standby = relay.newRelay(relay.settings().withLeaderRetryInterval(Duration.ofMillis(100)));
        try {
            standby.start();
            Thread.sleep(500);
            assertTrue(relay.status().leader());
            assertFalse(standby.status().leader(), "two leaders");

            Set<UUID> before = appendSome("before", 20);
            topic.readUntil(ours, all -> ids(all).containsAll(before), WAIT, "published by the leader");
            assertEquals(0, standby.status().publishedEvents(), "the standby published");

            long started = System.nanoTime();
            terminateBackend(relay.status().lockBackendPid());
            Poll.until(Duration.ofSeconds(10), "the standby takes over", () -> standby.status().leader());
            long failoverMillis = (System.nanoTime() - started) / 1_000_000;
            assertFalse(relay.status().leader(), "the old leader still thinks it leads");
            long publishedByOldLeader = relay.status().publishedEvents();

            Set<UUID> after = appendSome("after", 20);
            topic.readUntil(ours, all -> ids(all).containsAll(after), WAIT, "published by the new leader");
            assertTrue(standby.status().publishedEvents() >= after.size());
            assertEquals(publishedByOldLeader, relay.status().publishedEvents(), "the old leader kept publishing");

            standby.stop();
            Poll.until(Duration.ofSeconds(15), "the application's relay leads again", () -> relay.status().leader());
            Set<UUID> back = appendSome("back", 10);
            List<ConsumerRecord<String, byte[]>> records = topic.readUntil(ours,
                    all -> ids(all).containsAll(back), WAIT, "published after failing back");
            Set<UUID> all = new HashSet<>(before);
            all.addAll(after);
            all.addAll(back);
            assertTrue(ids(records).containsAll(all), "events lost in fail-over");
            assertStreamOrderIgnoringRedeliveries(records);
            System.out.printf("relay fail-over took %d ms%n", failoverMillis);
        } finally {
            standby.stop();
        }
    }

    @Test
    void kafkaDownDelaysPublicationWithoutLosingAnything() throws Exception {
        var kafka = RealEngines.kafka();
        Set<UUID> appended;
        long checkpoint;
        kafka.stop();
        try {
            checkpoint = relay.storedCheckpoint().await().atMost(WAIT);
            // Appends (commands) do not depend on Kafka.
            appended = appendSome("kafka-down", 15);
            Thread.sleep(2_000);
            assertEquals(checkpoint, relay.storedCheckpoint().await().atMost(WAIT),
                    "checkpoint advanced without a broker");
        } finally {
            kafka.start();
        }
        topic.close();
        topic = new TopicReader(config.topic());
        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(ours,
                all -> ids(all).containsAll(appended), WAIT, "published once Kafka is back");
        assertStreamOrderIgnoringRedeliveries(records);
    }

    private Map<UUID, RecordedEvent> appendConcurrently(int writers, int appendsPerWriter) throws Exception {
        Map<UUID, RecordedEvent> committed = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    Map<String, Long> versions = new HashMap<>();
                    for (int i = 0; i < appendsPerWriter; i++) {
                        String stream = run + writer + "-" + random.nextInt(4);
                        long expected = versions.getOrDefault(stream, 0L);
                        List<NewEvent> events = new ArrayList<>();
                        for (int e = 0; e <= random.nextInt(3); e++) {
                            events.add(event("Stressed"));
                        }
                        AppendResult result = append(new StreamAppend(stream, ExpectedVersion.of(expected), events));
                        versions.put(stream, result.versionOf(stream));
                        long position = result.firstPosition();
                        long version = expected;
                        for (NewEvent event : events) {
                            committed.put(event.eventId(), new RecordedEvent(position++, stream, ++version,
                                    event.eventId(), event.type(), 1, event.data(), event.metadata(), null));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        return committed;
    }

    private Set<UUID> appendSome(String label, int count) {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            NewEvent event = event("Label" + label.replace("-", ""));
            append(StreamAppend.of(run + label + "-" + i, ExpectedVersion.noStream(), event));
            ids.add(event.eventId());
        }
        return ids;
    }

    private AppendResult append(StreamAppend append) {
        return store.append(append).await().atMost(WAIT);
    }

    private void terminateBackend(int pid) {
        assertTrue(pid > 0, "leader has no lock session");
        boolean terminated = pool.preparedQuery("SELECT pg_terminate_backend($1) AS done").execute(Tuple.of(pid))
                .await().atMost(WAIT).iterator().next().getBoolean("done");
        assertTrue(terminated);
    }

    static NewEvent event(String type) {
        return NewEvent.of(type, 1, "{\"n\":" + ThreadLocalRandom.current().nextInt(1000) + "}", null);
    }

    static List<UUID> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> UUID.fromString(header(r, CloudEventHeaders.ID))).toList();
    }

    private static void assertExactlyOnce(Set<UUID> expected, List<ConsumerRecord<String, byte[]>> records) {
        Map<UUID, Long> counts = ids(records).stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        for (UUID id : expected) {
            assertEquals(1L, counts.getOrDefault(id, 0L), "event " + id + " published once");
        }
        assertTrue(counts.values().stream().allMatch(n -> n == 1), "no event published twice");
    }

    /** Per key, stream versions are 1, 2, 3, ... in topic order. */
    private static void assertStreamOrder(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<Long>> versions = versionsByKey(records);
        versions.forEach((key, list) -> {
            for (int i = 0; i < list.size(); i++) {
                assertEquals(i + 1, list.get(i), "stream " + key + " out of order: " + list);
            }
        });
    }

    /** After a fail-over a suffix may be redelivered: versions never go down except to repeat ones already seen. */
    private static void assertStreamOrderIgnoringRedeliveries(List<ConsumerRecord<String, byte[]>> records) {
        versionsByKey(records).forEach((key, list) -> {
            long highest = 0;
            for (long version : list) {
                assertTrue(version <= highest + 1, "stream " + key + " skipped a version: " + list);
                highest = Math.max(highest, version);
            }
        });
    }

    /** Within a partition, global positions only grow (the relay sends in position order). */
    private static void assertPartitionOrder(List<ConsumerRecord<String, byte[]>> records) {
        Map<Integer, Long> last = new HashMap<>();
        records.stream()
                .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()))
                .forEach(record -> {
                    long position = Long.parseLong(header(record, CloudEventHeaders.POSITION));
                    Long previous = last.put(record.partition(), position);
                    assertTrue(previous == null || previous < position,
                            "partition " + record.partition() + " position " + position + " after " + previous);
                });
    }

    private static Map<String, List<Long>> versionsByKey(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<Long>> versions = new HashMap<>();
        records.stream()
                .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()))
                .forEach(record -> versions.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(Long.parseLong(header(record, CloudEventHeaders.STREAM_VERSION))));
        return versions;
    }
}
