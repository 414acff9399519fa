package dev.tally.ledger.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL parses and plans the service's statements once per session, however long they are: the event store's
 * append statement is longer than the 2,048 characters Vert.x caches by default, and PostgreSQL would plan it again on
 * every call (bench/results/live-2026-12-06-profile.md, "Planning").
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class StatementPlansTest {

    private static final String PROBE = "SELECT $1::bigint + 1 AS next /* tally-plan-probe " + "x".repeat(3000) + " */";

    @Inject
    Pool pool;

    @Test
    void aLongStatementIsPreparedOnceAndPlannedOncePerSession() {
        Row row = pool.withConnection(connection -> {
            Uni<RowSet<Row>> runs = connection.preparedQuery(PROBE).execute(Tuple.of(1L));
            for (long n = 2; n <= 8; n++) {
                long value = n;
                runs = runs.chain(() -> connection.preparedQuery(PROBE).execute(Tuple.of(value)));
            }
            return runs.chain(() -> connection.query("""
                    SELECT current_setting('plan_cache_mode') AS mode,
                           (SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%tally-plan-probe%')
                               AS prepared,
                           (SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements
                             WHERE statement LIKE '%tally-plan-probe%') AS generic_runs,
                           (SELECT coalesce(sum(custom_plans), 0) FROM pg_prepared_statements
                             WHERE statement LIKE '%tally-plan-probe%') AS custom_plans""").execute());
        }).await().atMost(Duration.ofSeconds(10)).iterator().next();
        String seen = row.toJson().encode();
        assertEquals("force_generic_plan", row.getString("mode"), seen);
        assertEquals(1L, row.getLong("prepared"), "the statement must stay prepared on the connection: " + seen);
        assertEquals(0L, row.getLong("custom_plans"), "no plan made for one call's parameters: " + seen);
        assertTrue(row.getLong("generic_runs") >= 8, "every run on the one generic plan: " + seen);
    }
}
