package dev.tally.platform.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

class EngineFailuresTest {

    @Test
    void aFullDiskOrAnotherShortageIsAnUnavailableEngineNotABug() {
        assertTrue(EngineFailures.isCausedByUnreachableEngine(new RuntimeException(
                new PgException("could not extend file: No space left on device", "ERROR", "53100", null))));
        assertTrue(EngineFailures.isCausedByUnreachableEngine(
                new PgException("sorry, too many clients already", "FATAL", "53300", null)));
    }

    @Test
    void aConstraintViolationIsNot() {
        assertFalse(EngineFailures.isCausedByUnreachableEngine(
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null)));
    }
}
