package dev.tally.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored.
 *
 * @param position      global position: dense (1, 2, 3, ...) and visible to readers strictly in this order
 * @param streamId      its stream
 * @param streamVersion its version within the stream (1, 2, 3, ...)
 * @param eventId       unique id
 * @param type          event type label
 * @param schemaVersion schema version of {@code data}
 * @param data          JSON text (as normalised by PostgreSQL {@code jsonb}: key order and spacing may differ from
 *                      what was appended, values do not)
 * @param metadata      correlation, causation, trace context, actor
 * @param recordedAt    time taken inside the appending transaction just before commit; non-decreasing along
 *                      position unless the database host's clock steps back
 */
public record RecordedEvent(long position, String streamId, long streamVersion, UUID eventId, String type,
                            int schemaVersion, String data, EventMetadata metadata, Instant recordedAt) {
}
