package dev.tally.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The relay's own session (the leader lock and the log reads) gets the datasource's session settings like the pool's
 * sessions do: with {@code plan_cache_mode} among them, PostgreSQL plans the log read once per session instead of on
 * every call (bench/results/live-2026-12-06-profile.md, "Planning").
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class RelaySessionSettingsTest {

    @Inject
    OutboxRelayService relay;

    @Inject
    Vertx vertx;

    @Test
    void theRelaysSessionCarriesTheDatasourcesSessionSettings() {
        Row row = PgConnection.connect(vertx, relay.lockConnectOptions())
                .chain(connection -> connection.query(
                                "SELECT current_setting('plan_cache_mode') AS mode,"
                                        + " current_setting('application_name') AS name").execute()
                        .eventually(connection::close))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("force_generic_plan", row.getString("mode"), row.toJson().encode());
        assertEquals("tally-outbox-relay", row.getString("name"), row.toJson().encode());
    }
}
