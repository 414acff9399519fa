package dev.tally.platform.problem;

import io.vertx.core.VertxException;
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
            if (t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase().contains("closed")) {
                return true; // the pool's connection was closed under us
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
