package dev.tally.events;

import static dev.tally.envelope.CloudEventHeaders.SOURCE;
import static dev.tally.envelope.CloudEventHeaders.TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.envelope.EventEnvelope;
import dev.tally.envelope.InvalidEnvelopeException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The ledger's part of the log contract: its source and type names, and that its events travel through the envelope
 * and the standard CloudEvents Kafka binding intact. The envelope's generic behaviour is tested in tally-envelope.
 */
class LedgerCloudEventsTest {

    private static final String TOPIC = "tally.ledger.events";
    private static final byte[] DATA = "{\"accountId\":\"acc-1\",\"amount\":1500,\"currency\":\"EUR\",\"reference\":\"café\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static EventEnvelope deposit() {
        return new EventEnvelope(UUID.fromString("0b6f3c1e-8a2d-4f4e-9c77-2d1a5e0f9b31"), "MoneyDeposited", 1, "acc-1",
                7L, 4242L, Instant.parse("2026-03-01T10:15:30.123456Z"), "corr-1", "cmd-9", null, "user-42", DATA);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        return new String(headers.get(name), StandardCharsets.UTF_8);
    }

    @Test
    void theLedgersSourceAndTypes() {
        Map<String, byte[]> headers = LedgerCloudEvents.CODEC.toHeaders(deposit());
        assertEquals("/tally/ledger", text(headers, SOURCE));
        assertEquals("dev.tally.ledger.MoneyDeposited", text(headers, TYPE));
        assertEquals(deposit(), LedgerCloudEvents.CODEC.fromKafka("acc-1", headers, DATA));
    }

    @Test
    void recordsOfAnotherProducerAreRejected() {
        Map<String, byte[]> headers = LedgerCloudEvents.CODEC.toHeaders(deposit());
        headers.put(SOURCE, "/elsewhere".getBytes(StandardCharsets.UTF_8));
        assertEquals("source '/elsewhere' is not /tally/ledger", assertThrows(InvalidEnvelopeException.class,
                () -> LedgerCloudEvents.CODEC.fromKafka("acc-1", headers, DATA)).getMessage());
        Map<String, byte[]> typed = LedgerCloudEvents.CODEC.toHeaders(deposit());
        typed.put(TYPE, "com.example.Thing".getBytes(StandardCharsets.UTF_8));
        assertEquals("type 'com.example.Thing' is not dev.tally.ledger.<EventName>",
                assertThrows(InvalidEnvelopeException.class,
                        () -> LedgerCloudEvents.CODEC.fromKafka("acc-1", typed, DATA)).getMessage());
    }

    @Test
    void theDataDecodesIntoTheEvent() {
        assertEquals(new MoneyDeposited("acc-1", 1500, "EUR", "café"), EventTypes.ledger().deserialize(deposit()));
    }

    @Test
    void aLedgerEventReadByTheStandardDeserializerDecodes() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 0, 0L, "acc-1".getBytes(), DATA);
        LedgerCloudEvents.CODEC.toHeaders(deposit()).forEach(record.headers()::add);
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            deserializer.configure(Map.of(), false);
            CloudEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
            assertEquals("dev.tally.ledger.MoneyDeposited", event.getType());
            assertEquals(URI.create("/tally/ledger"), event.getSource());
            assertEquals(new MoneyDeposited("acc-1", 1500, "EUR", "café"),
                    EventTypes.ledger().deserialize("MoneyDeposited",
                            Integer.parseInt((String) event.getExtension("schemaversion")), event.getData().toBytes()));
        }
    }

    @Test
    void aLedgerEventWrittenByTheStandardSerializerDecodes() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId("5d1b8f7e-0c3a-4b9e-8f21-6a7c9d0e1f23")
                .withSource(URI.create("/tally/ledger"))
                .withType("dev.tally.ledger.AccountClosed")
                .withSubject("acc-3")
                .withTime(OffsetDateTime.parse("2026-04-02T08:00:00.25Z"))
                .withDataContentType("application/json")
                .withExtension("schemaversion", "1")
                .withExtension("streamid", "acc-3")
                .withExtension("streamversion", "12")
                .withExtension("position", "99")
                .withData("{\"accountId\":\"acc-3\"}".getBytes(StandardCharsets.UTF_8))
                .build();
        Headers headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            value = serializer.serialize(TOPIC, headers, event);
        }
        EventEnvelope envelope = LedgerCloudEvents.CODEC.fromKafka("acc-3".getBytes(StandardCharsets.UTF_8), name -> {
            Header header = headers.lastHeader(name);
            return header == null ? null : header.value();
        }, value);
        assertEquals("AccountClosed", envelope.type());
        assertEquals(new AccountClosed("acc-3"), EventTypes.ledger().deserialize(envelope));
    }
}
