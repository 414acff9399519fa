package dev.tally.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import static dev.tally.envelope.CloudEventHeaders.*;

/**
 * Converts an {@link EventEnvelope} to and from a Kafka record in CloudEvents 1.0 binary mode (the contract is
 * spelled out in {@link CloudEventHeaders}). Pure: no Kafka classes, headers are plain name to bytes maps, so the
 * relay and every reader use the same code whatever client they run.
 *
 * <p>A codec belongs to one producer: it writes {@code ce_source = source} and {@code ce_type = typePrefix + type},
 * and reads only records with that source and prefix (anything else is an {@link InvalidEnvelopeException}). The
 * producer's domain module owns its instance, e.g. {@code new EnvelopeCodec("/shop/orders", "com.example.orders.")}.
 */
public final class EnvelopeCodec {

    private final String source;
    private final String typePrefix;

    /**
     * @param source     the CloudEvents {@code source} written and required on read, e.g. {@code /shop/orders}
     * @param typePrefix prepended to an envelope's type name to make the CloudEvents {@code type}, e.g.
     *                   {@code com.example.orders.}; may be empty
     */
    public EnvelopeCodec(String source, String typePrefix) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(typePrefix, "typePrefix");
        if (source.isBlank()) {
            throw new IllegalArgumentException("a CloudEvents source must not be blank");
        }
        this.source = source;
        this.typePrefix = typePrefix;
    }

    /** The CloudEvents {@code source} this codec writes and accepts. */
    public String source() {
        return source;
    }

    /** What this codec puts before an envelope's type name to make the CloudEvents {@code type}. */
    public String typePrefix() {
        return typePrefix;
    }

    /** The CloudEvents {@code type} of an event type name, e.g. {@code com.example.orders.OrderPlaced}. */
    public String cloudEventType(String typeName) {
        return typePrefix + typeName;
    }

    /** The Kafka record key: the stream id in UTF-8. */
    public static byte[] key(EventEnvelope envelope) {
        return utf8(envelope.streamId());
    }

    /** The Kafka record value: the event data, UTF-8 JSON, as stored. */
    public static byte[] value(EventEnvelope envelope) {
        return envelope.data();
    }

    /**
     * The Kafka headers of an envelope, in {@link CloudEventHeaders#ALL} order. Optional attributes
     * (correlation, causation, trace, actor) are left out when null.
     */
    public Map<String, byte[]> toHeaders(EventEnvelope envelope) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, utf8(SPEC_VERSION_VALUE));
        headers.put(ID, utf8(envelope.eventId().toString()));
        headers.put(SOURCE, utf8(source));
        headers.put(TYPE, utf8(cloudEventType(envelope.type())));
        headers.put(SUBJECT, utf8(envelope.streamId()));
        headers.put(TIME, utf8(formatTime(envelope.time())));
        headers.put(CONTENT_TYPE, utf8(CONTENT_TYPE_VALUE));
        headers.put(SCHEMA_VERSION, utf8(Integer.toString(envelope.schemaVersion())));
        headers.put(STREAM_ID, utf8(envelope.streamId()));
        headers.put(STREAM_VERSION, utf8(Long.toString(envelope.streamVersion())));
        headers.put(POSITION, utf8(Long.toString(envelope.position())));
        putIfPresent(headers, CORRELATION_ID, envelope.correlationId());
        putIfPresent(headers, CAUSATION_ID, envelope.causationId());
        putIfPresent(headers, TRACEPARENT, envelope.traceparent());
        putIfPresent(headers, ACTOR, envelope.actor());
        return headers;
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-01-31T12:00:00.123456Z}. */
    public static String formatTime(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time);
    }

    /** Parses a record whose headers were collected into a map (last value wins for repeated headers). */
    public EventEnvelope fromKafka(byte[] key, Map<String, byte[]> headers, byte[] value) {
        return fromKafka(key, headers::get, value);
    }

    public EventEnvelope fromKafka(String key, Map<String, byte[]> headers, byte[] value) {
        return fromKafka(key == null ? null : utf8(key), headers::get, value);
    }

    /**
     * Parses a record given a header lookup, e.g. with a Kafka {@code ConsumerRecord}:
     * {@code fromKafka(r.key(), n -> { var h = r.headers().lastHeader(n); return h == null ? null : h.value(); }, r.value())}.
     *
     * @throws InvalidEnvelopeException when a required header is missing or malformed, or the key, subject and
     *                                  stream id disagree
     */
    public EventEnvelope fromKafka(byte[] key, Function<String, byte[]> header, byte[] value) {
        String specVersion = required(header, SPEC_VERSION);
        if (!SPEC_VERSION_VALUE.equals(specVersion)) {
            throw new InvalidEnvelopeException(SPEC_VERSION, "unsupported CloudEvents spec version '" + specVersion + "'");
        }
        UUID eventId = parse(ID, required(header, ID), UUID::fromString, "a UUID");
        String source = required(header, SOURCE);
        if (!this.source.equals(source)) {
            throw new InvalidEnvelopeException(SOURCE, "source '" + source + "' is not " + this.source);
        }
        String ceType = required(header, TYPE);
        if (!ceType.startsWith(typePrefix) || ceType.length() == typePrefix.length()) {
            throw new InvalidEnvelopeException(TYPE, "type '" + ceType + "' is not " + typePrefix + "<EventName>");
        }
        String contentType = required(header, CONTENT_TYPE);
        if (!contentType.equals(CONTENT_TYPE_VALUE) && !contentType.startsWith(CONTENT_TYPE_VALUE + ";")) {
            throw new InvalidEnvelopeException(CONTENT_TYPE, "content type '" + contentType + "' is not JSON");
        }
        String streamId = required(header, STREAM_ID);
        String subject = required(header, SUBJECT);
        if (!subject.equals(streamId)) {
            throw new InvalidEnvelopeException(SUBJECT, "subject '" + subject + "' differs from stream id '" + streamId + "'");
        }
        if (key == null) {
            throw new InvalidEnvelopeException("key", "record has no key (expected the stream id)");
        }
        String keyText = new String(key, StandardCharsets.UTF_8);
        if (!keyText.equals(streamId)) {
            throw new InvalidEnvelopeException("key", "key '" + keyText + "' differs from stream id '" + streamId + "'");
        }
        if (value == null) {
            throw new InvalidEnvelopeException("value", "record has no value (expected the event data)");
        }
        Instant time = parse(TIME, required(header, TIME), s -> OffsetDateTime.parse(s).toInstant(), "an RFC 3339 time");
        int schemaVersion = parse(SCHEMA_VERSION, required(header, SCHEMA_VERSION), Integer::parseInt, "an integer");
        long streamVersion = parse(STREAM_VERSION, required(header, STREAM_VERSION), Long::parseLong, "an integer");
        long position = parse(POSITION, required(header, POSITION), Long::parseLong, "an integer");
        if (schemaVersion < 1) {
            throw new InvalidEnvelopeException(SCHEMA_VERSION, "schema version must be at least 1, was " + schemaVersion);
        }
        if (streamVersion < 1) {
            throw new InvalidEnvelopeException(STREAM_VERSION, "stream version must be at least 1, was " + streamVersion);
        }
        if (position < 0) {
            throw new InvalidEnvelopeException(POSITION, "position must not be negative, was " + position);
        }
        return new EventEnvelope(
                eventId,
                ceType.substring(typePrefix.length()),
                schemaVersion,
                streamId,
                streamVersion,
                position,
                time,
                optional(header, CORRELATION_ID),
                optional(header, CAUSATION_ID),
                optional(header, TRACEPARENT),
                optional(header, ACTOR),
                value);
    }

    private static String required(Function<String, byte[]> header, String name) {
        String value = optional(header, name);
        if (value == null || value.isEmpty()) {
            throw new InvalidEnvelopeException(name, "missing header " + name);
        }
        return value;
    }

    private static String optional(Function<String, byte[]> header, String name) {
        byte[] raw = header.apply(name);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private static <T> T parse(String name, String text, Function<String, T> parser, String expected) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidEnvelopeException(name, "header " + name + " is not " + expected + ": '" + text + "'", e);
        }
    }

    private static void putIfPresent(Map<String, byte[]> headers, String name, String value) {
        if (value != null) {
            headers.put(name, utf8(value));
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
