package dev.tally.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The raw engine baseline: each client owns one connection of the reactive PostgreSQL client (the client the write
 * service uses) and inserts one event-sized row per statement in autocommit, i.e. one INSERT per transaction, each
 * commit durable (fsync on, synchronous_commit on: PostgreSQL's defaults).
 */
final class RawInserts implements AutoCloseable {

    static final String CREATE_TABLE = """
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE IF NOT EXISTS bench.raw_events (
                stream_id      text        NOT NULL,
                stream_version bigint      NOT NULL,
                event_id       uuid        NOT NULL,
                data           jsonb       NOT NULL,
                recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
                PRIMARY KEY (stream_id, stream_version)
            )""";

    private static final String INSERT =
            "INSERT INTO bench.raw_events (stream_id, stream_version, event_id, data) VALUES ($1, $2, $3, $4::text::jsonb)";

    private final List<PgConnection> connections;
    private final String runId;
    private final AtomicLongArray versions;

    private RawInserts(List<PgConnection> connections, String runId) {
        this.connections = connections;
        this.runId = runId;
        this.versions = new AtomicLongArray(connections.size());
    }

    static Future<RawInserts> connect(Vertx vertx, PgConnectOptions options, int clients) {
        List<Future<PgConnection>> opening = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            opening.add(PgConnection.connect(vertx, options));
        }
        String runId = "raw-" + clients + "-" + UUID.randomUUID().toString().substring(0, 8);
        return Future.all(opening).map(all -> new RawInserts(all.list(), runId));
    }

    /** One INSERT by {@code client} on its own connection. */
    Future<Void> insert(int client) {
        long version = versions.incrementAndGet(client);
        String streamId = runId + "-" + client;
        return connections.get(client).preparedQuery(INSERT)
                .execute(Tuple.of(streamId, version, UUID.randomUUID(), eventJson(streamId, version)))
                .mapEmpty();
    }

    /** About 200 bytes, the size of a ledger event's JSON. */
    static String eventJson(String streamId, long version) {
        return "{\"accountId\":\"" + UUID.randomUUID() + "\",\"amount\":" + (1000 + version % 9000)
                + ",\"currency\":\"EUR\",\"reference\":\"raw insert " + streamId + " #" + version
                + "\",\"channel\":\"bench\",\"note\":\"padding to the size of a real event\"}";
    }

    @Override
    public void close() {
        connections.forEach(PgConnection::close);
    }
}
