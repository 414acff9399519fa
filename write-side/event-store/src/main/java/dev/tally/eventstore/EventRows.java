package dev.tally.eventstore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Maps rows selected with {@link EventStoreSql#EVENT_COLUMNS}. */
final class EventRows {

    static RecordedEvent toEvent(Row row) {
        OffsetDateTime recordedAt = row.getOffsetDateTime("recorded_at");
        return new RecordedEvent(
                row.getLong("position"),
                row.getString("stream_id"),
                row.getLong("stream_version"),
                row.getUUID("event_id"),
                row.getString("event_type"),
                row.getInteger("schema_version"),
                row.getString("data"),
                new EventMetadata(row.getString("correlation_id"), row.getString("causation_id"),
                        row.getString("traceparent"), row.getString("actor")),
                recordedAt.toInstant());
    }

    static List<RecordedEvent> toEvents(RowSet<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            events.add(toEvent(row));
        }
        return events;
    }

    private EventRows() {
    }
}
