package dev.tally.ledger.app;

import dev.tally.eventstore.TransactionRows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Remembers the first answer given to each {@code Idempotency-Key} of each caller (keys are scoped by the token's
 * subject: another caller's key is never found, so it is neither replayed nor refused as reused). For a command that appends, the row is written by
 * the event store's group committer in the same statement as its events ({@link TransactionRows}), so "answered" and
 * "appended" can never disagree; a key that another request took first fails only that command, with
 * {@link KeyTaken}.
 */
@ApplicationScoped
public class IdempotencyKeys implements TransactionRows<IdempotencyKeys.Remembered> {

    /** An answer to store under a key once the command's events are appended. */
    public record Remembered(String caller, String key, StoredAnswer answer) {}

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
                   (caller, idempotency_key, request_hash, status, body, location, last_stream_id,
                    last_stream_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";

    /** The rows of the accepted requests of a batch; a key taken meanwhile fails the statement (then: KeyTaken). */
    private static final String INSERT_ACCEPTED = """
            INSERT INTO ledger.idempotency_keys
                   (caller, idempotency_key, request_hash, status, body, location, last_stream_id,
                    last_stream_version)
            SELECT k.caller, k.idempotency_key, k.request_hash, k.status, k.body::json, k.location, k.last_stream_id,
                   k.last_stream_version
              FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                          $9::bigint[])
                       AS k(request_no, caller, idempotency_key, request_hash, status, body, location, last_stream_id,
                            last_stream_version)
             WHERE k.request_no IN (SELECT request_no FROM accepted_requests)""";

    private final Pool pool;

    IdempotencyKeys(Pool pool) {
        this.pool = pool;
    }

    /** The caller's answer under {@code key} (or one remembered before keys were scoped, caller ''). */
    public Uni<Optional<StoredAnswer>> find(String caller, String key) {
        return pool.preparedQuery("""
                        SELECT request_hash, status, body, location, last_stream_id, last_stream_version
                          FROM ledger.idempotency_keys
                         WHERE idempotency_key = $2 AND caller IN ($1, '')
                         ORDER BY caller DESC LIMIT 1""")
                .execute(Tuple.of(caller, key))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAnswer(rows.iterator().next())));
    }

    @Override
    public String sql() {
        return INSERT_ACCEPTED;
    }

    @Override
    public void addArguments(Tuple arguments, List<Remembered> rows) {
        arguments.addArrayOfString(rows.stream().map(Remembered::caller).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(Remembered::key).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(r -> r.answer().requestHash()).toArray(String[]::new))
                .addArrayOfInteger(rows.stream().map(r -> r.answer().status()).toArray(Integer[]::new))
                .addArrayOfString(rows.stream().map(r -> r.answer().body().encode()).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(r -> r.answer().location()).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(r -> r.answer().lastStreamId()).toArray(String[]::new))
                .addArrayOfLong(rows.stream().map(r -> r.answer().lastStreamVersion()).toArray(Long[]::new));
    }

    @Override
    public Throwable translate(Throwable failure) {
        return isDuplicateKey(failure) ? new KeyTaken() : failure;
    }

    /** Records the answer within {@code tx}; fails with {@link KeyTaken} if a concurrent request with the key won. */
    private Uni<Void> remember(SqlClient tx, String caller, String key, StoredAnswer answer) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.tuple().addString(caller).addString(key).addString(answer.requestHash()).addInteger(answer.status())
                        .addValue(answer.body()).addString(answer.location()).addString(answer.lastStreamId())
                        .addLong(answer.lastStreamVersion()))
                .onFailure(IdempotencyKeys::isDuplicateKey).transform(e -> new KeyTaken())
                .replaceWithVoid();
    }

    /** Records an answer that appended nothing (a rejection), in a transaction of its own. */
    public Uni<Void> remember(String caller, String key, StoredAnswer answer) {
        return remember(pool, caller, key, answer);
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                && "idempotency_keys_pkey".equals(pg.getConstraint());
    }

    private static StoredAnswer toAnswer(Row row) {
        return new StoredAnswer(row.getString("request_hash"), row.getInteger("status"), row.getJsonObject("body"),
                row.getString("location"), row.getString("last_stream_id"), row.getLong("last_stream_version"));
    }
}
