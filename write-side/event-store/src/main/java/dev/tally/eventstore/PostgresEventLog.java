package dev.tally.eventstore;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The global log on PostgreSQL. Why paging by position never skips an event, and why durability is a separate wait,
 * is explained in {@link PostgresStreamWriter}.
 */
final class PostgresEventLog implements EventLog {

    private final Pool pool;

    PostgresEventLog(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<List<RecordedEvent>> readAll(long afterPosition, int limit) {
        return readAll(pool, afterPosition, limit);
    }

    @Override
    public Uni<List<RecordedEvent>> readAll(SqlClient client, long afterPosition, int limit) {
        return client.preparedQuery(EventStoreSql.READ_ALL).execute(Tuple.of(afterPosition, (long) limit))
                .map(EventRows::toEvents);
    }

    @Override
    public Uni<Long> headPosition() {
        return pool.query(EventStoreSql.HEAD_POSITION).execute()
                .map(rows -> rows.iterator().next().getLong("value"));
    }

    @Override
    public Uni<Void> awaitDurable(SqlClient client) {
        return client.preparedQuery(EventStoreSql.DURABILITY_BARRIER).execute().replaceWithVoid();
    }

    @Override
    public Uni<List<String>> streamIds(String afterStreamId, long atPosition, int limit, String firstEventType) {
        return pool.preparedQuery(EventStoreSql.STREAM_IDS)
                .execute(Tuple.of(afterStreamId, atPosition, (long) limit, firstEventType))
                .map(rows -> {
                    List<String> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getString("stream_id"));
                    }
                    return ids;
                });
    }
}
