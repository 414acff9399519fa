package dev.tally.platform.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
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
    void aConnectionLostOnASilentNetworkIsAnUnavailableEngine() {
        // As Vert.x 4.5 reports them when packets are dropped (NetworkLossProductionIT): no exception type of their own.
        assertTrue(EngineFailures.isCausedByUnreachableEngine(new VertxException("Timeout waiting for connection")));
        assertTrue(EngineFailures.isCausedByUnreachableEngine(new NoStackTraceThrowable("Timeout")));
        assertTrue(EngineFailures.isCausedByUnreachableEngine(new RuntimeException(
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"))));
    }

    @Test
    void anotherVertxFailureIsNot() {
        assertFalse(EngineFailures.isCausedByUnreachableEngine(new VertxException("Invalid JSON")));
        assertFalse(EngineFailures.isCausedByUnreachableEngine(new NoStackTraceThrowable("unexpected row count")));
    }

    @Test
    void aConstraintViolationIsNot() {
        assertFalse(EngineFailures.isCausedByUnreachableEngine(
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null)));
    }
}
