package dev.tally.envelope;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The header contract against the standard CloudEvents Kafka binding, both ways: what the codec writes is read by
 * {@code io.cloudevents:cloudevents-kafka}, and what that library writes in binary mode is read by
 * {@link EnvelopeCodec}.
 */
class CloudEventsKafkaInteropTest {

    private static final String TOPIC = "example.orders";
    private static final EnvelopeCodec CODEC = EnvelopeCodecTest.CODEC;

    @Test
    void theStandardDeserializerReadsWhatTheCodecWrites() {
        EventEnvelope envelope = EnvelopeCodecTest.envelope();
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 0, 0L,
                EnvelopeCodec.key(envelope), EnvelopeCodec.value(envelope));
        CODEC.toHeaders(envelope).forEach(record.headers()::add);

        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            deserializer.configure(Map.of(), false);
            CloudEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());

            assertEquals(SpecVersion.V1, event.getSpecVersion());
            assertEquals("0b6f3c1e-8a2d-4f4e-9c77-2d1a5e0f9b31", event.getId());
            assertEquals("com.example.orders.OrderPlaced", event.getType());
            assertEquals(URI.create("/example/orders"), event.getSource());
            assertEquals("order-1", event.getSubject());
            assertEquals(OffsetDateTime.parse("2026-03-01T10:15:30.123456Z").toInstant(), event.getTime().toInstant());
            assertEquals("application/json", event.getDataContentType());
            assertEquals("1", event.getExtension("schemaversion"));
            assertEquals("order-1", event.getExtension("streamid"));
            assertEquals("7", event.getExtension("streamversion"));
            assertEquals("4242", event.getExtension("position"));
            assertEquals("corr-1", event.getExtension("correlationid"));
            assertEquals("cmd-9", event.getExtension("causationid"));
            assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", event.getExtension("traceparent"));
            assertEquals("user-42", event.getExtension("actor"));
            assertArrayEquals(EnvelopeCodecTest.DATA, event.getData().toBytes());
        }
    }

    @Test
    void theCodecReadsWhatTheStandardSerializerWritesInBinaryMode() {
        byte[] data = "{\"orderId\":\"order-3\"}".getBytes(StandardCharsets.UTF_8);
        CloudEvent event = CloudEventBuilder.v1()
                .withId("5d1b8f7e-0c3a-4b9e-8f21-6a7c9d0e1f23")
                .withSource(URI.create("/example/orders"))
                .withType("com.example.orders.OrderCancelled")
                .withSubject("order-3")
                .withTime(OffsetDateTime.parse("2026-04-02T08:00:00.25Z"))
                .withDataContentType("application/json")
                .withExtension("schemaversion", "1")
                .withExtension("streamid", "order-3")
                .withExtension("streamversion", "12")
                .withExtension("position", "99")
                .withExtension("actor", "admin-1")
                .withData(data)
                .build();
        Headers headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            value = serializer.serialize(TOPIC, headers, event);
        }

        EventEnvelope envelope = CODEC.fromKafka("order-3".getBytes(StandardCharsets.UTF_8), name -> {
            Header header = headers.lastHeader(name);
            return header == null ? null : header.value();
        }, value);

        assertEquals("5d1b8f7e-0c3a-4b9e-8f21-6a7c9d0e1f23", envelope.eventId().toString());
        assertEquals("OrderCancelled", envelope.type());
        assertEquals(1, envelope.schemaVersion());
        assertEquals("order-3", envelope.streamId());
        assertEquals(12L, envelope.streamVersion());
        assertEquals(99L, envelope.position());
        assertEquals(OffsetDateTime.parse("2026-04-02T08:00:00.25Z").toInstant(), envelope.time());
        assertEquals("admin-1", envelope.actor());
        assertEquals(null, envelope.correlationId());
        assertArrayEquals(data, envelope.data());
    }
}
