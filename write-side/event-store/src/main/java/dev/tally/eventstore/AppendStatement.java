package dev.tally.eventstore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Arguments and result of {@link EventStoreSql#APPEND}, and the resolution of {@link ExpectedVersion#any()}. */
final class AppendStatement {

    /** Rejects what no append may be: nothing, or one stream twice. */
    static void validate(List<StreamAppend> appends) {
        if (appends == null || appends.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        Set<String> streams = new HashSet<>();
        for (StreamAppend append : appends) {
            if (!streams.add(append.streamId())) {
                throw new IllegalArgumentException("stream " + append.streamId() + " appears twice in one append");
            }
        }
    }

    /**
     * The appends with every {@link ExpectedVersion#any()} replaced by the stream's current version. Only when there
     * is one: it takes the position lock first (held until the transaction ends, as the append would anyway), so no
     * other append can move the streams between this read and the append. Costs a round trip inside the serialised
     * section, hence only for {@code any()}.
     */
    static Uni<List<StreamAppend>> resolveAny(SqlConnection transaction, List<StreamAppend> appends) {
        List<String> open = new ArrayList<>();
        for (StreamAppend append : appends) {
            if (append.expectedVersion().version().isEmpty()) {
                open.add(append.streamId());
            }
        }
        if (open.isEmpty()) {
            return Uni.createFrom().item(appends);
        }
        return transaction.preparedQuery(EventStoreSql.LOCK_POSITIONS).execute()
                .chain(() -> transaction.preparedQuery(EventStoreSql.STREAM_VERSIONS)
                        .execute(Tuple.tuple().addArrayOfString(open.toArray(String[]::new))))
                .map(rows -> {
                    Map<String, Long> current = new LinkedHashMap<>();
                    for (Row row : rows) {
                        current.put(row.getString("stream_id"), row.getLong("version"));
                    }
                    List<StreamAppend> resolved = new ArrayList<>(appends.size());
                    for (StreamAppend append : appends) {
                        resolved.add(append.expectedVersion().version().isEmpty()
                                ? append.at(current.get(append.streamId()))
                                : append);
                    }
                    return resolved;
                });
    }

    /** Runs the append statement; every condition must be resolved ({@link #resolveAny}). */
    static Uni<AppendResult> execute(SqlClient connection, List<StreamAppend> appends) {
        final Tuple args;
        try {
            args = arguments(appends);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        int total = appends.stream().mapToInt(a -> a.events().size()).sum();
        return connection.preparedQuery(EventStoreSql.APPEND).execute(args)
                .onFailure().transform(failure -> AppendFailures.translate(failure, appends))
                .map(rows -> toResult(rows, appends, total));
    }

    private static Tuple arguments(List<StreamAppend> appends) {
        int total = appends.stream().mapToInt(a -> a.events().size()).sum();
        String[] checkedStreams = new String[appends.size()];
        Long[] expectedVersions = new Long[appends.size()];
        String[] streamIds = new String[total];
        Long[] versions = new Long[total];
        EventColumns columns = new EventColumns(total);
        int i = 0;
        for (int s = 0; s < appends.size(); s++) {
            StreamAppend append = appends.get(s);
            long version = append.expectedVersion().version().orElseThrow(
                    () -> new IllegalStateException("any() not resolved for " + append.streamId()));
            checkedStreams[s] = append.streamId();
            expectedVersions[s] = version;
            for (NewEvent event : append.events()) {
                streamIds[i] = append.streamId();
                versions[i] = ++version;
                columns.set(i, event);
                i++;
            }
        }
        return columns.addTo(Tuple.tuple()
                .addLong((long) total)
                .addArrayOfString(checkedStreams)
                .addArrayOfLong(expectedVersions)
                .addArrayOfString(streamIds)
                .addArrayOfLong(versions));
    }

    private static AppendResult toResult(RowSet<Row> rows, List<StreamAppend> appends, int total) {
        Row row = rows.iterator().next();
        long inserted = row.getLong("inserted");
        if (inserted == 0) {
            throw conflict(row.getString("conflict"), appends);
        }
        if (inserted != total) {
            // Cannot happen while position_counter has its row; failing aborts the caller's transaction.
            throw new IllegalStateException("append inserted " + inserted + " of " + total + " events");
        }
        Map<String, Long> newVersions = new LinkedHashMap<>();
        for (StreamAppend append : appends) {
            newVersions.put(append.streamId(), append.newVersion());
        }
        return new AppendResult(newVersions, row.getLong("first_position"), row.getLong("last_position"));
    }

    /** The statement's answer to an expected version that did not hold: its mismatch, as JSON, if it still saw one. */
    private static WrongExpectedVersionException conflict(String mismatch, List<StreamAppend> appends) {
        if (mismatch != null) {
            JsonObject detail = new JsonObject(mismatch);
            return new WrongExpectedVersionException(detail.getString("stream_id"), detail.getLong("expected"),
                    detail.getLong("actual"), null);
        }
        // The re-check after the refusal found every version as expected (a stream that was behind caught up).
        StreamAppend first = appends.get(0);
        return new WrongExpectedVersionException(first.streamId(), first.expectedVersion().version().orElseThrow(),
                WrongExpectedVersionException.UNKNOWN, null);
    }

    private AppendStatement() {
    }
}
