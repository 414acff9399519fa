package dev.tally.platform.problem;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;

/** Recognises failures that mean "an engine is unreachable", which deserve 503, not 500. */
public final class EngineFailures {

    private EngineFailures() {}

    public static boolean isCausedByUnreachableEngine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof IOException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true; // connection exceptions, admin shutdown, cannot connect now
            }
            if (t instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("53")) {
                return true; // insufficient resources (disk full, out of memory, too many connections): rolled back
            }
            if ((t instanceof VertxException || t instanceof NoStackTraceThrowable) && isLostConnection(t.getMessage())) {
                return true; // the pool's connection closed under us, or none came within the pool's bounds
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Vert.x's own words (no exception type of their own) for a connection that closed ("Connection is not active now,
     * current status: CLOSED") or never came ("Timeout waiting for connection" from the pool; "Timeout").
     */
    private static boolean isLostConnection(String message) {
        String text = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
        return text.contains("closed") || text.contains("not active") || text.contains("timeout")
                || text.contains("timed out");
    }
}
