package dev.tally.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.eventstore.RecordedEvent;

/**
 * A stored event as a CloudEvents 1.0 Kafka record in binary mode, written by the envelope's {@link EnvelopeCodec}
 * (the one place that knows the {@code ce_*} headers): key = stream id, value = the event's JSON data.
 */
final class CloudEventRecords {

    private final String topic;
    private final EnvelopeCodec codec;

    CloudEventRecords(String topic, String source, String typePrefix) {
        this.topic = topic;
        this.codec = new EnvelopeCodec(source, typePrefix);
    }

    ProducerRecord<byte[], byte[]> toRecord(RecordedEvent event) {
        EventEnvelope envelope = new EventEnvelope(event.eventId(), event.type(), event.schemaVersion(),
                event.streamId(), event.streamVersion(), event.position(), event.recordedAt(),
                event.metadata().correlationId(), event.metadata().causationId(), event.metadata().traceparent(),
                event.metadata().actor(), event.data().getBytes(UTF_8));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, EnvelopeCodec.key(envelope),
                EnvelopeCodec.value(envelope));
        Headers headers = record.headers();
        codec.toHeaders(envelope).forEach(headers::add);
        return record;
    }
}
