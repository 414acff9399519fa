package dev.tally.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import dev.tally.eventstore.EventMetadata;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.ExpectedVersion;
import dev.tally.eventstore.NewEvent;
import dev.tally.eventstore.testing.Poll;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.eventstore.StreamAppend;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A standard CloudEvents Kafka consumer reads what the relay publishes, with every envelope attribute. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class CloudEventsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EventStore store;

    @Inject
    OutboxRelayService relay;

    @Inject
    RelayConfig config;

    @Test
    void theCloudEventsDeserializerReadsIdTypeSourceSubjectTimeAndExtensions() {
        relay.start();
        String stream = "ce-" + UUID.randomUUID();
        EventMetadata metadata = new EventMetadata("corr-42", "cmd-7",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "user-9");
        NewEvent withMetadata = NewEvent.of("ThingHappened", 2, "{\"amount\":1250,\"currency\":\"EUR\"}", metadata);
        NewEvent withoutMetadata = NewEvent.of("OtherThing", 1, "{}", null);
        store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), withMetadata, withoutMetadata)).await().atMost(WAIT);
        List<RecordedEvent> stored = store.readStream(stream, 1).await().atMost(WAIT);

        List<CloudEvent> events = consume(stream, 2);

        CloudEvent first = events.get(0);
        RecordedEvent firstStored = stored.get(0);
        assertEquals(SpecVersion.V1, first.getSpecVersion());
        assertEquals(withMetadata.eventId().toString(), first.getId());
        assertEquals("dev.tally.ledger.ThingHappened", first.getType());
        assertEquals(URI.create("/tally/ledger"), first.getSource());
        assertEquals(stream, first.getSubject());
        assertEquals("application/json", first.getDataContentType());
        assertNotNull(first.getTime());
        assertEquals(firstStored.recordedAt(), first.getTime().toInstant());
        assertArrayEquals(firstStored.data().getBytes(UTF_8), first.getData().toBytes());
        assertEquals("2", first.getExtension("schemaversion"));
        assertEquals(stream, first.getExtension("streamid"));
        assertEquals("1", first.getExtension("streamversion"));
        assertEquals(Long.toString(firstStored.position()), first.getExtension("position"));
        assertEquals("corr-42", first.getExtension("correlationid"));
        assertEquals("cmd-7", first.getExtension("causationid"));
        assertEquals(metadata.traceparent(), first.getExtension("traceparent"));
        assertEquals("user-9", first.getExtension("actor"));

        CloudEvent second = events.get(1);
        assertEquals(withoutMetadata.eventId().toString(), second.getId());
        assertEquals("dev.tally.ledger.OtherThing", second.getType());
        assertEquals("2", second.getExtension("streamversion"));
        assertEquals(Long.toString(firstStored.position() + 1), second.getExtension("position"));
        assertNull(second.getExtension("correlationid"));
        assertNull(second.getExtension("causationid"));
        assertNull(second.getExtension("traceparent"));
        assertNull(second.getExtension("actor"));
    }

    private List<CloudEvent> consume(String key, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        CloudEventDeserializer deserializer = new CloudEventDeserializer();
        deserializer.configure(Map.of(), false);
        List<CloudEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            Poll.until(WAIT, "the topic exists", () -> !consumer.listTopics(WAIT).getOrDefault(config.topic(),
                    List.of()).isEmpty());
            List<TopicPartition> partitions = consumer.partitionsFor(config.topic(), WAIT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Poll.until(WAIT, expected + " events of " + key + " are consumed", () -> {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record.value());
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
