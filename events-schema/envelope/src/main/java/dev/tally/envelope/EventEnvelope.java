package dev.tally.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored event with its metadata, as the event store hands it to the relay and as readers receive it from
 * Kafka (see {@link EnvelopeCodec} for the CloudEvents mapping).
 *
 * @param eventId       unique id of the event (CloudEvents {@code id})
 * @param type          event type name, e.g. {@code MoneyDeposited} (not the CloudEvents {@code type}, which is
 *                      the codec's type prefix + this, see {@link EnvelopeCodec#cloudEventType(String)})
 * @param schemaVersion version of {@code type}'s schema the data was written in
 * @param streamId      the stream (e.g. an aggregate id); Kafka key and CloudEvents {@code subject}
 * @param streamVersion version of the stream after this event: 1 for its first event, gap-free within a stream
 * @param position      global position of the event in the whole log
 * @param time          when the event was recorded
 * @param correlationId id shared by everything one request caused; may be null
 * @param causationId   id of the command or event that caused this one; may be null
 * @param traceparent   W3C trace context of the request that caused it; may be null
 * @param actor         who issued the command (a user or service id); may be null
 * @param data          the payload as UTF-8 JSON bytes, exactly as stored (not copied: do not modify)
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        String streamId,
        long streamVersion,
        long position,
        Instant time,
        String correlationId,
        String causationId,
        String traceparent,
        String actor,
        byte[] data) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** The payload as a string, for logs and tests. */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    // A record compares arrays by identity; the payload is compared by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof EventEnvelope that
                && schemaVersion == that.schemaVersion
                && streamVersion == that.streamVersion
                && position == that.position
                && eventId.equals(that.eventId)
                && type.equals(that.type)
                && streamId.equals(that.streamId)
                && time.equals(that.time)
                && Objects.equals(correlationId, that.correlationId)
                && Objects.equals(causationId, that.causationId)
                && Objects.equals(traceparent, that.traceparent)
                && Objects.equals(actor, that.actor)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, type, schemaVersion, streamId, streamVersion, position, time,
                correlationId, causationId, traceparent, actor) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EventEnvelope[eventId=" + eventId + ", type=" + type + ", schemaVersion=" + schemaVersion
                + ", streamId=" + streamId + ", streamVersion=" + streamVersion + ", position=" + position
                + ", time=" + time + ", correlationId=" + correlationId + ", causationId=" + causationId
                + ", traceparent=" + traceparent + ", actor=" + actor + ", data=" + dataAsString() + "]";
    }
}
