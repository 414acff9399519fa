package dev.tally.ledger.app;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Remembers the first answer given to each {@code Idempotency-Key}. For a command that appends, the row is written in
 * the same transaction as its events, so "answered" and "appended" can never disagree.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** What the first request with a key got, and a fingerprint of that request. */
    public record StoredAnswer(String requestHash, int status, JsonObject body, String location,
                               String lastStreamId, Long lastStreamVersion) {}

    /** Another request with the same key committed first. */
    static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    private static final String INSERT = """
            INSERT INTO ledger.idempotency_keys
                   (idempotency_key, request_hash, status, body, location, last_stream_id, last_stream_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    private final Pool pool;

    IdempotencyKeys(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<StoredAnswer>> find(String key) {
        return pool.preparedQuery("""
                        SELECT request_hash, status, body, location, last_stream_id, last_stream_version
                          FROM ledger.idempotency_keys WHERE idempotency_key = $1""")
                .execute(Tuple.of(key))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAnswer(rows.iterator().next())));
    }

    /** Records the answer within {@code tx}; fails with {@link KeyTaken} if a concurrent request with the key won. */
    public Uni<Void> remember(SqlClient tx, String key, StoredAnswer answer) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.tuple().addString(key).addString(answer.requestHash()).addInteger(answer.status())
                        .addValue(answer.body()).addString(answer.location()).addString(answer.lastStreamId())
                        .addLong(answer.lastStreamVersion()))
                .onFailure(IdempotencyKeys::isDuplicateKey).transform(e -> new KeyTaken())
                .replaceWithVoid();
    }

    /** Records an answer that appended nothing (a rejection), in a transaction of its own. */
    public Uni<Void> remember(String key, StoredAnswer answer) {
        return remember(pool, key, answer);
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static StoredAnswer toAnswer(Row row) {
        return new StoredAnswer(row.getString("request_hash"), row.getInteger("status"), row.getJsonObject("body"),
                row.getString("location"), row.getString("last_stream_id"), row.getLong("last_stream_version"));
    }
}
