package dev.tally.outbox;

/** The relay's own SQL (checkpoint and leader lock); events are read through the event store. */
final class RelaySql {

    static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS locked, pg_backend_pid() AS pid";

    static final String ENSURE_CHECKPOINT =
            "INSERT INTO eventstore.relay_checkpoints (relay_name) VALUES ($1) ON CONFLICT (relay_name) DO NOTHING";

    static final String READ_CHECKPOINT = "SELECT position FROM eventstore.relay_checkpoints WHERE relay_name = $1";

    /** Monotonic: a checkpoint never moves back, whoever writes it. */
    static final String ADVANCE_CHECKPOINT = """
            UPDATE eventstore.relay_checkpoints SET position = $2, updated_at = now()
             WHERE relay_name = $1 AND position < $2""";

    static final String PING = "SELECT 1";

    static final String BEGIN_ASYNC_COMMIT = "BEGIN; SET LOCAL synchronous_commit TO off";

    private RelaySql() {
    }
}
