package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** The rules that decide what each request of a batch is told (no engine needed). */
class BatchOutcomeTest {

    private static final AppendResult RESULT = new AppendResult(Map.of("s", 1L), 7, 7);
    private static final WrongExpectedVersionException CONFLICT = new WrongExpectedVersionException("t", 0, 1, null);
    private static final List<BatchStatement.Answer> ONE_OF_EACH =
            List.of(new BatchStatement.Accepted(RESULT), new BatchStatement.Refused(CONFLICT));
    private static final PgException SERVER_ERROR = new PgException("duplicate", "ERROR", "23505", null);
    private static final RuntimeException BROKEN = new RuntimeException("connection closed");

    @Test
    void acceptedRequestsAreAcknowledgedOnlyAfterCommitAndBarrier() {
        var settled = settle(2, answers(null, ONE_OF_EACH, null, null));
        assertSame(RESULT, settled.get(0).result());
        assertSame(CONFLICT, settled.get(1).failure());
    }

    @Test
    void aBarrierOrCommitWithoutAnswerAcknowledgesNoAcceptedRequest() {
        for (var answers : List.of(answers(null, ONE_OF_EACH, null, BROKEN), answers(null, ONE_OF_EACH, BROKEN, null))) {
            var settled = settle(2, answers);
            assertNull(settled.get(0).result());
            assertSame(BROKEN, settled.get(0).failure());
            assertSame(CONFLICT, settled.get(1).failure(), "a refused request wrote nothing either way");
        }
    }

    @Test
    void aServerErrorRunsABatchAgainRequestByRequestAndFailsALoneRequestWithItsOwnError() {
        assertSame(BatchOutcome.RUN_EACH_ALONE, settle(2, answers(SERVER_ERROR, null, null, null)));
        assertSame(BatchOutcome.RUN_EACH_ALONE, settle(2, answers(SERVER_ERROR, null, BROKEN, BROKEN)),
                "an aborted transaction cannot commit, whatever happened to the connection after");
        RuntimeException own = new RuntimeException("own");
        assertSame(own, BatchOutcome.settle(1, answers(SERVER_ERROR, null, null, null), e -> own).get(0).failure());
    }

    @Test
    void anyOtherStatementFailureLeavesTheOutcomeUnknownAndAcknowledgesNothing() {
        var settled = settle(3, answers(BROKEN, null, BROKEN, BROKEN));
        assertEquals(3, settled.size());
        settled.forEach(one -> assertSame(BROKEN, one.failure()));
    }

    @Test
    void rowsParametersAreRenumberedAfterTheStatementsOwn() {
        assertEquals("unnest($14::int[], $15::text[]) WHERE x = $14",
                BatchStatement.renumber("unnest($1::int[], $2::text[]) WHERE x = $1", 13, 2));
        assertThrows(IllegalArgumentException.class, () -> BatchStatement.renumber("$3", 13, 2));
    }

    private static List<BatchOutcome.Settled> settle(int size, BatchOutcome.Answers answers) {
        return BatchOutcome.settle(size, answers, e -> e);
    }

    private static BatchOutcome.Answers answers(Throwable statement, List<BatchStatement.Answer> perRequest,
                                                Throwable commit, Throwable barrier) {
        return new BatchOutcome.Answers(statement, perRequest, null, commit, barrier);
    }
}
