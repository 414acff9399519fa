package dev.tally.eventstore;

/**
 * Who and what caused an event, stored beside it (the {@code metadata} column) and published with it.
 * Every field is optional; an absent one is omitted from storage and from the published headers.
 *
 * @param correlationId id shared by everything one request caused
 * @param causationId   id of the message (command or event) that directly caused this event
 * @param traceparent   W3C trace context of the request that appended it
 * @param actor         the authenticated principal, if any
 */
public record EventMetadata(String correlationId, String causationId, String traceparent, String actor) {

    public static final EventMetadata EMPTY = new EventMetadata(null, null, null, null);
}
