package dev.tally.eventstore;

import java.util.List;
import java.util.Objects;

/**
 * One caller's append for the group committer ({@link EventStore#append(AppendRequest)}): its streams, decided on as a
 * whole (atomic, like {@link StreamWriter#append(List)}), and optionally rows of the caller's own (e.g. an idempotency
 * record) that are written in the same transaction exactly when the events are.
 *
 * @param appends   what {@link StreamWriter#append(List)} takes: at least one stream, none twice
 * @param rowWriter writes {@code rows} with the events, or null for none
 * @param rows      the caller's rows for this request (opaque to the store), or null
 * @param <R>       the type of the caller's rows
 */
public record AppendRequest<R>(List<StreamAppend> appends, TransactionRows<R> rowWriter, R rows) {

    public AppendRequest {
        Objects.requireNonNull(appends, "appends");
        appends = List.copyOf(appends);
        if ((rowWriter == null) != (rows == null)) {
            throw new IllegalArgumentException("rows and their writer go together");
        }
    }

    /** Events only. */
    public static AppendRequest<Void> of(List<StreamAppend> appends) {
        return new AppendRequest<>(appends, null, null);
    }

    /** Events, and {@code rows} written by {@code writer} in the same transaction if (and only if) they are appended. */
    public static <R> AppendRequest<R> withRows(List<StreamAppend> appends, TransactionRows<R> writer, R rows) {
        return new AppendRequest<>(appends, Objects.requireNonNull(writer, "writer"), Objects.requireNonNull(rows, "rows"));
    }

    int eventCount() {
        return appends.stream().mapToInt(append -> append.events().size()).sum();
    }
}
