package dev.tally.eventstore;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

/** Turns the database's answers to a failed append into the store's typed exceptions. */
final class AppendFailures {

    static final String UNIQUE_VIOLATION = "23505";
    static final String STREAM_VERSION_CONSTRAINT = "events_stream_version_uk";
    static final String EVENT_ID_CONSTRAINT = "events_event_id_uk";

    /** PostgreSQL's detail for a unique violation: {@code Key (stream_id, stream_version)=(<id>, <n>) already exists.} */
    private static final Pattern DUPLICATE_KEY =
            Pattern.compile("Key \\(stream_id, stream_version\\)=\\((.*), (\\d+)\\) already exists\\.?", Pattern.DOTALL);

    static Throwable translate(Throwable failure, List<StreamAppend> appends) {
        if (!(failure instanceof PgException pg)) {
            return failure;
        }
        if (EventStoreSql.WRONG_VERSION_SQLSTATE.equals(pg.getSqlState())) {
            return fromVersionCheck(pg, appends);
        }
        if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
            if (STREAM_VERSION_CONSTRAINT.equals(pg.getConstraint())) {
                return fromUniqueViolation(pg, appends);
            }
            if (EVENT_ID_CONSTRAINT.equals(pg.getConstraint())) {
                return new DuplicateEventIdException(pg.getDetail(), pg);
            }
        }
        return failure;
    }

    private static Throwable fromVersionCheck(PgException pg, List<StreamAppend> appends) {
        try {
            JsonObject detail = new JsonObject(pg.getDetail());
            return new WrongExpectedVersionException(detail.getString("stream_id"), detail.getLong("expected"),
                    detail.getLong("actual"), pg);
        } catch (RuntimeException unparsable) {
            StreamAppend first = appends.get(0);
            return new WrongExpectedVersionException(first.streamId(), expected(first),
                    WrongExpectedVersionException.UNKNOWN, pg);
        }
    }

    private static Throwable fromUniqueViolation(PgException pg, List<StreamAppend> appends) {
        StreamAppend conflicting = appends.get(0);
        Matcher matcher = pg.getDetail() == null ? null : DUPLICATE_KEY.matcher(pg.getDetail());
        if (appends.size() > 1 && matcher != null && matcher.matches()) {
            String streamId = matcher.group(1);
            for (StreamAppend append : appends) {
                if (append.streamId().equals(streamId)) {
                    conflicting = append;
                }
            }
        }
        return new WrongExpectedVersionException(conflicting.streamId(), expected(conflicting),
                WrongExpectedVersionException.UNKNOWN, pg);
    }

    private static long expected(StreamAppend append) {
        return append.expectedVersion().version().orElse(WrongExpectedVersionException.UNKNOWN);
    }

    private AppendFailures() {
    }
}
