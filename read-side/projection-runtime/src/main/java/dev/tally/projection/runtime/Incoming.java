package dev.tally.projection.runtime;

import dev.tally.envelope.EventEnvelope;
import dev.tally.envelope.UnknownEventTypeException;
import dev.tally.envelope.CloudEventHeaders;
import dev.tally.projection.Projection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a poll batch, parsed and decoded on the consumer thread before any I/O.
 *
 * @param record   the record as read
 * @param envelope its CloudEvents envelope; null when the envelope itself is broken
 * @param kind     what the runtime does with it once its stream version says it is new
 * @param decoded  the projection's decoded event when {@code kind == EVENT}
 * @param reason   why it is dead-lettered or skipped
 * @param position the global position, also for a broken envelope whose position header still parses; else null
 */
public record Incoming<E>(
        ConsumerRecord<byte[], byte[]> record,
        EventEnvelope envelope,
        Kind kind,
        E decoded,
        String reason,
        Long position) {

    public enum Kind {
        /** Decoded: apply it. */
        EVENT,
        /** Known to the view but of no interest (decode returned null). */
        IGNORED,
        /** A type or version newer than this reader: skip and count. */
        UNKNOWN_TYPE,
        /** Envelope fine, payload broken: dead-letter. */
        BROKEN_EVENT,
        /** Not even a valid envelope: dead-letter (no stream version to guard with). */
        BROKEN_ENVELOPE
    }

    public static <E> Incoming<E> parse(ConsumerRecord<byte[], byte[]> record, Projection<E> projection) {
        EventEnvelope envelope;
        try {
            envelope = projection.codec().fromKafka(record.key(), name -> header(record, name), record.value());
        } catch (RuntimeException e) {
            return new Incoming<>(record, null, Kind.BROKEN_ENVELOPE, null, "invalid envelope: " + describe(e),
                    lenientPosition(record));
        }
        try {
            E decoded = projection.decode(envelope);
            Kind kind = decoded == null ? Kind.IGNORED : Kind.EVENT;
            return new Incoming<>(record, envelope, kind, decoded, null, envelope.position());
        } catch (UnknownEventTypeException e) {
            return new Incoming<>(record, envelope, Kind.UNKNOWN_TYPE, null, describe(e), envelope.position());
        } catch (RuntimeException e) {
            return new Incoming<>(record, envelope, Kind.BROKEN_EVENT, null, "undecodable event: " + describe(e),
                    envelope.position());
        }
    }

    public int partition() {
        return record.partition();
    }

    public long offset() {
        return record.offset();
    }

    /** When the event was recorded (the record's timestamp if the envelope is broken). */
    public Instant time() {
        return envelope != null ? envelope.time() : Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    private static Long lenientPosition(ConsumerRecord<byte[], byte[]> record) {
        byte[] raw = header(record, CloudEventHeaders.POSITION);
        if (raw == null) {
            return null;
        }
        try {
            long position = Long.parseLong(new String(raw, StandardCharsets.UTF_8).trim());
            return position > 0 ? position : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
