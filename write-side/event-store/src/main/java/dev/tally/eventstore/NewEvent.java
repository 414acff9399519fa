package dev.tally.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * An event to append. The store knows nothing about its meaning: {@code type} and {@code schemaVersion} are labels for
 * the caller's (de)serialiser, {@code data} is the event's JSON text (stored as {@code jsonb}).
 *
 * @param eventId       unique across the store (a duplicate fails the append with {@link DuplicateEventIdException})
 * @param type          event type name, e.g. the caller's class name for it
 * @param schemaVersion version of that type's schema, at least 1
 * @param data          JSON text of the event body
 * @param metadata      correlation, causation, trace context, actor
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, String data, EventMetadata metadata) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(data, "data");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("event type must not be blank");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1, was " + schemaVersion);
        }
        metadata = metadata == null ? EventMetadata.EMPTY : metadata;
    }

    /** A new event with a fresh random id. */
    public static NewEvent of(String type, int schemaVersion, String data, EventMetadata metadata) {
        return new NewEvent(UUID.randomUUID(), type, schemaVersion, data, metadata);
    }
}
