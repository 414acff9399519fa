package dev.tally.eventstore;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The store's global log: every event of every stream by position. Positions are dense (1, 2, 3, ...) and become
 * visible strictly in increasing order, so a reader paging with the last position it saw never skips an event. This is
 * the only role the outbox relay needs.
 */
public interface EventLog {

    /**
     * PostgreSQL LISTEN channel a PostgreSQL implementation notifies at each append's commit; the payload is the
     * append's last position. Readers listen to it to wake up early instead of polling.
     */
    String APPENDED_CHANNEL = "eventstore_appended";

    /** Up to {@code limit} events with position {@code > afterPosition}, in position order, positions consecutive. */
    Uni<List<RecordedEvent>> readAll(long afterPosition, int limit);

    /**
     * {@link #readAll(long, int)} through a given connection to the store's database (e.g. a dedicated one that must
     * not wait for a pool).
     */
    Uni<List<RecordedEvent>> readAll(SqlClient client, long afterPosition, int limit);

    /** Position of the last committed event (0 for an empty log); every position up to it is readable. */
    Uni<Long> headPosition();

    /**
     * Returns once everything committed before the call is durable. Readers that act outside the database on what they
     * read (publish it) call this between reading and acting. Run it outside any transaction.
     */
    Uni<Void> awaitDurable(SqlClient client);

    /**
     * Up to {@code limit} ids of the streams whose first event has a position {@code <= atPosition} (and, unless
     * {@code firstEventType} is null, that type), greater than {@code afterStreamId} ("" for the first page), in id
     * order: pages through every stream (of one kind) as of a position.
     */
    Uni<List<String>> streamIds(String afterStreamId, long atPosition, int limit, String firstEventType);
}
