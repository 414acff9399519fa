package dev.tally.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON payload of version {@link #fromVersion()} of one event type into version {@code fromVersion() + 1}.
 * Upcasters work on JSON, not on Java types, so old versions need no Java class of their own; {@link EventTypes}
 * chains them until the current version is reached.
 */
public interface Upcaster {

    String eventName();

    int fromVersion();

    /** Returns the payload at {@code fromVersion() + 1}; may modify and return {@code payload}. */
    ObjectNode upcast(ObjectNode payload);
}
