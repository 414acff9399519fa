package dev.tally.eventstore;

import java.util.UUID;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The columns every appended event carries (id, type, schema version, data, metadata), one array each, in the order
 * both append statements ({@link EventStoreSql#APPEND}, {@link EventStoreSql#APPEND_BATCH}) unnest them last.
 */
final class EventColumns {

    private final UUID[] eventIds;
    private final String[] types;
    private final Integer[] schemaVersions;
    private final String[] data;
    private final String[] correlationIds;
    private final String[] causationIds;
    private final String[] traceparents;
    private final String[] actors;

    EventColumns(int events) {
        eventIds = new UUID[events];
        types = new String[events];
        schemaVersions = new Integer[events];
        data = new String[events];
        correlationIds = new String[events];
        causationIds = new String[events];
        traceparents = new String[events];
        actors = new String[events];
    }

    void set(int i, NewEvent event) {
        eventIds[i] = event.eventId();
        types[i] = event.type();
        schemaVersions[i] = event.schemaVersion();
        data[i] = event.data();
        correlationIds[i] = event.metadata().correlationId();
        causationIds[i] = event.metadata().causationId();
        traceparents[i] = event.metadata().traceparent();
        actors[i] = event.metadata().actor();
    }

    /** Adds the eight arrays to {@code tuple}, after the statement's own arguments. */
    Tuple addTo(Tuple tuple) {
        return tuple.addArrayOfUUID(eventIds)
                .addArrayOfString(types)
                .addArrayOfInteger(schemaVersions)
                .addArrayOfString(data)
                .addArrayOfString(correlationIds)
                .addArrayOfString(causationIds)
                .addArrayOfString(traceparents)
                .addArrayOfString(actors);
    }
}
