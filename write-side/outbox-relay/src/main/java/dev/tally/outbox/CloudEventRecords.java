package dev.tally.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.format.DateTimeFormatter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import dev.tally.envelope.CloudEventHeaders;
import dev.tally.eventstore.RecordedEvent;

/**
 * A stored event as a CloudEvents 1.0 Kafka record in binary mode: key = stream id, value = the event's JSON data,
 * attributes in {@code ce_*} headers (all UTF-8 strings). Absent metadata means an absent header.
 */
final class CloudEventRecords {

    private final String topic;
    private final String source;
    private final String typePrefix;

    CloudEventRecords(String topic, String source, String typePrefix) {
        this.topic = topic;
        this.source = source;
        this.typePrefix = typePrefix;
    }

    ProducerRecord<byte[], byte[]> toRecord(RecordedEvent event) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                event.streamId().getBytes(UTF_8), event.data().getBytes(UTF_8));
        Headers headers = record.headers();
        add(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        add(headers, CloudEventHeaders.ID, event.eventId().toString());
        add(headers, CloudEventHeaders.SOURCE, source);
        add(headers, CloudEventHeaders.TYPE, typePrefix + event.type());
        add(headers, CloudEventHeaders.SUBJECT, event.streamId());
        // RFC 3339 in UTC, e.g. 2026-01-31T12:00:00.123456Z
        add(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(event.recordedAt()));
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_VALUE);
        add(headers, CloudEventHeaders.SCHEMA_VERSION, Integer.toString(event.schemaVersion()));
        add(headers, CloudEventHeaders.STREAM_ID, event.streamId());
        add(headers, CloudEventHeaders.STREAM_VERSION, Long.toString(event.streamVersion()));
        add(headers, CloudEventHeaders.POSITION, Long.toString(event.position()));
        add(headers, CloudEventHeaders.CORRELATION_ID, event.metadata().correlationId());
        add(headers, CloudEventHeaders.CAUSATION_ID, event.metadata().causationId());
        add(headers, CloudEventHeaders.TRACEPARENT, event.metadata().traceparent());
        add(headers, CloudEventHeaders.ACTOR, event.metadata().actor());
        return record;
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(UTF_8));
        }
    }
}
