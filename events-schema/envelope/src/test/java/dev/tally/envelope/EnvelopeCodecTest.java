package dev.tally.envelope;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tally.envelope.CloudEventHeaders.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The codec's generic contract, with a producer that is not the ledger (nothing of dev.tally.events here). */
class EnvelopeCodecTest {

    static final EnvelopeCodec CODEC = new EnvelopeCodec("/example/orders", "com.example.orders.");

    static final UUID EVENT_ID = UUID.fromString("0b6f3c1e-8a2d-4f4e-9c77-2d1a5e0f9b31");
    static final byte[] DATA = "{\"orderId\":\"order-1\",\"amount\":1500,\"note\":\"café\"}"
            .getBytes(StandardCharsets.UTF_8);

    static EventEnvelope envelope() {
        return new EventEnvelope(EVENT_ID, "OrderPlaced", 1, "order-1", 7L, 4242L,
                Instant.parse("2026-03-01T10:15:30.123456Z"), "corr-1", "cmd-9",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "user-42", DATA);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        return new String(headers.get(name), StandardCharsets.UTF_8);
    }

    @Test
    void headersFollowTheContract() {
        Map<String, byte[]> headers = CODEC.toHeaders(envelope());
        assertEquals(CloudEventHeaders.ALL, List.copyOf(headers.keySet()));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ce_specversion", "1.0");
        expected.put("ce_id", "0b6f3c1e-8a2d-4f4e-9c77-2d1a5e0f9b31");
        expected.put("ce_source", "/example/orders");
        expected.put("ce_type", "com.example.orders.OrderPlaced");
        expected.put("ce_subject", "order-1");
        expected.put("ce_time", "2026-03-01T10:15:30.123456Z");
        expected.put("content-type", "application/json");
        expected.put("ce_schemaversion", "1");
        expected.put("ce_streamid", "order-1");
        expected.put("ce_streamversion", "7");
        expected.put("ce_position", "4242");
        expected.put("ce_correlationid", "corr-1");
        expected.put("ce_causationid", "cmd-9");
        expected.put("ce_traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        expected.put("ce_actor", "user-42");
        expected.forEach((name, value) -> assertEquals(value, text(headers, name), name));
        assertArrayEquals("order-1".getBytes(StandardCharsets.UTF_8), EnvelopeCodec.key(envelope()));
        assertArrayEquals(DATA, EnvelopeCodec.value(envelope()));
    }

    @Test
    void aRecordParsesBackIntoTheSameEnvelope() {
        EventEnvelope original = envelope();
        assertEquals(original, CODEC.fromKafka(EnvelopeCodec.key(original), CODEC.toHeaders(original),
                EnvelopeCodec.value(original)));
        assertEquals(original, CODEC.fromKafka("order-1", CODEC.toHeaders(original), DATA.clone()));
    }

    @Test
    void optionalAttributesAreLeftOutWhenAbsent() {
        EventEnvelope bare = new EventEnvelope(EVENT_ID, "OrderCancelled", 1, "order-1", 9L, 5000L,
                Instant.parse("2026-03-01T10:15:30Z"), null, null, null, null, "{\"orderId\":\"order-1\"}".getBytes());
        Map<String, byte[]> headers = CODEC.toHeaders(bare);
        for (String name : List.of(CORRELATION_ID, CAUSATION_ID, TRACEPARENT, ACTOR)) {
            assertFalse(headers.containsKey(name), name);
        }
        assertEquals("2026-03-01T10:15:30Z", text(headers, TIME));
        EventEnvelope parsed = CODEC.fromKafka("order-1", headers, bare.data());
        assertEquals(bare, parsed);
        assertNull(parsed.correlationId());
    }

    @Test
    void timesWithAnOffsetAreAccepted() {
        Map<String, byte[]> headers = CODEC.toHeaders(envelope());
        headers.put(TIME, "2026-03-01T11:15:30.5+01:00".getBytes());
        assertEquals(Instant.parse("2026-03-01T10:15:30.5Z"), CODEC.fromKafka("order-1", headers, DATA).time());
    }

    @Test
    void everyRequiredHeaderIsChecked() {
        for (String name : List.of(SPEC_VERSION, ID, SOURCE, TYPE, SUBJECT, TIME, CONTENT_TYPE,
                SCHEMA_VERSION, STREAM_ID, STREAM_VERSION, POSITION)) {
            Map<String, byte[]> headers = CODEC.toHeaders(envelope());
            headers.remove(name);
            InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class,
                    () -> CODEC.fromKafka("order-1", headers, DATA), name);
            assertEquals(name, e.header());
            assertEquals("missing header " + name, e.getMessage());
        }
    }

    @Test
    void malformedHeadersAreRejectedWithTheReason() {
        assertInvalid(ID, "not-a-uuid", "header ce_id is not a UUID: 'not-a-uuid'");
        assertInvalid(SPEC_VERSION, "0.3", "unsupported CloudEvents spec version '0.3'");
        assertInvalid(SOURCE, "/elsewhere", "source '/elsewhere' is not /example/orders");
        assertInvalid(TYPE, "com.example.Thing", "type 'com.example.Thing' is not com.example.orders.<EventName>");
        assertInvalid(TYPE, "com.example.orders.", "type 'com.example.orders.' is not com.example.orders.<EventName>");
        assertInvalid(CONTENT_TYPE, "application/xml", "content type 'application/xml' is not JSON");
        assertInvalid(TIME, "yesterday", "header ce_time is not an RFC 3339 time: 'yesterday'");
        assertInvalid(TIME, "2026-03-01T10:15:30", "header ce_time is not an RFC 3339 time: '2026-03-01T10:15:30'");
        assertInvalid(SCHEMA_VERSION, "two", "header ce_schemaversion is not an integer: 'two'");
        assertInvalid(SCHEMA_VERSION, "0", "schema version must be at least 1, was 0");
        assertInvalid(STREAM_VERSION, "0", "stream version must be at least 1, was 0");
        assertInvalid(POSITION, "-1", "position must not be negative, was -1");
        assertInvalid(POSITION, "1e3", "header ce_position is not an integer: '1e3'");
        assertInvalid(SUBJECT, "order-2", "subject 'order-2' differs from stream id 'order-1'");
    }

    @Test
    void contentTypeParametersAreAllowed() {
        Map<String, byte[]> headers = CODEC.toHeaders(envelope());
        headers.put(CONTENT_TYPE, "application/json; charset=utf-8".getBytes());
        assertEquals(envelope(), CODEC.fromKafka("order-1", headers, DATA));
    }

    @Test
    void keyAndValueMustBeThere() {
        Map<String, byte[]> headers = CODEC.toHeaders(envelope());
        assertEquals("key 'order-2' differs from stream id 'order-1'", assertThrows(InvalidEnvelopeException.class,
                () -> CODEC.fromKafka("order-2", headers, DATA)).getMessage());
        assertEquals("key", assertThrows(InvalidEnvelopeException.class,
                () -> CODEC.fromKafka((byte[]) null, headers, DATA)).header());
        assertEquals("value", assertThrows(InvalidEnvelopeException.class,
                () -> CODEC.fromKafka("order-1", headers, null)).header());
    }

    @Test
    void theSourceAndTypePrefixAreTheProducers() {
        EnvelopeCodec other = new EnvelopeCodec("/example/billing", "");
        Map<String, byte[]> headers = other.toHeaders(envelope());
        assertEquals("/example/billing", text(headers, SOURCE));
        assertEquals("OrderPlaced", text(headers, TYPE));
        assertEquals(envelope(), other.fromKafka("order-1", headers, DATA));
        assertEquals("source '/example/billing' is not /example/orders", assertThrows(InvalidEnvelopeException.class,
                () -> CODEC.fromKafka("order-1", headers, DATA)).getMessage());
        assertEquals("com.example.orders.OrderPlaced", CODEC.cloudEventType("OrderPlaced"));
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeCodec(" ", "x."));
    }

    private static void assertInvalid(String header, String value, String message) {
        Map<String, byte[]> headers = CODEC.toHeaders(envelope());
        headers.put(header, value.getBytes(StandardCharsets.UTF_8));
        InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class,
                () -> CODEC.fromKafka("order-1", headers, DATA), header + "=" + value);
        assertEquals(header, e.header());
        assertEquals(message, e.getMessage());
    }
}
