package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** How database errors of a failed append become typed exceptions (pure: the errors are built by hand). */
class AppendFailuresTest {

    private static final NewEvent EVENT = NewEvent.of("Something", 1, "{}", null);

    @Test
    void uniqueViolationOnStreamVersionNamesTheConflictingStreamOfAMultiStreamAppend() {
        List<StreamAppend> appends = List.of(StreamAppend.of("a, b", ExpectedVersion.exactly(3), EVENT), StreamAppend.of("c", ExpectedVersion.exactly(7), EVENT));
        PgException pg = pgError("23505", "Key (stream_id, stream_version)=(c, 8) already exists.",
                "events_stream_version_uk");

        Throwable translated = AppendFailures.translate(pg, appends);

        WrongExpectedVersionException wrong = assertInstanceOf(WrongExpectedVersionException.class, translated);
        assertEquals("c", wrong.streamId());
        assertEquals(7, wrong.expectedVersion());
        assertEquals(WrongExpectedVersionException.UNKNOWN, wrong.actualVersion());
        assertSame(pg, wrong.getCause());
    }

    @Test
    void streamIdsContainingTheSeparatorAreParsedWhole() {
        List<StreamAppend> appends = List.of(StreamAppend.of("c", ExpectedVersion.exactly(1), EVENT), StreamAppend.of("a, b", ExpectedVersion.exactly(3), EVENT));
        PgException pg = pgError("23505", "Key (stream_id, stream_version)=(a, b, 4) already exists.",
                "events_stream_version_uk");

        WrongExpectedVersionException wrong =
                assertInstanceOf(WrongExpectedVersionException.class, AppendFailures.translate(pg, appends));
        assertEquals("a, b", wrong.streamId());
        assertEquals(3, wrong.expectedVersion());
    }

    @Test
    void versionCheckErrorCarriesExpectedAndActual() {
        PgException pg = pgError("ES409", "{\"stream_id\" : \"s-1\", \"expected\" : 2, \"actual\" : 5}", null);

        WrongExpectedVersionException wrong = assertInstanceOf(WrongExpectedVersionException.class,
                AppendFailures.translate(pg, List.of(StreamAppend.of("s-1", ExpectedVersion.exactly(2), EVENT))));
        assertEquals("s-1", wrong.streamId());
        assertEquals(2, wrong.expectedVersion());
        assertEquals(5, wrong.actualVersion());
    }

    @Test
    void duplicateEventIdIsItsOwnError() {
        PgException pg = pgError("23505", "Key (event_id)=(...) already exists.", "events_event_id_uk");
        assertInstanceOf(DuplicateEventIdException.class,
                AppendFailures.translate(pg, List.of(StreamAppend.of("s", ExpectedVersion.noStream(), EVENT))));
    }

    @Test
    void otherErrorsPassThrough() {
        PgException pg = pgError("40P01", "deadlock", null);
        assertSame(pg, AppendFailures.translate(pg, List.of(StreamAppend.of("s", ExpectedVersion.noStream(), EVENT))));
        IllegalStateException notPg = new IllegalStateException();
        assertSame(notPg, AppendFailures.translate(notPg, List.of(StreamAppend.of("s", ExpectedVersion.noStream(), EVENT))));
    }

    private static PgException pgError(String sqlState, String detail, String constraint) {
        // message, severity, code, detail, hint, position, internalPosition, internalQuery, where, file, line,
        // routine, schema, table, column, dataType, constraint
        return new PgException("error", "ERROR", sqlState, detail, null, null, null, null, null, null, null, null,
                "eventstore", "events", null, null, constraint);
    }
}
