package dev.tally.ledger.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The silent-network-loss bounds (README "Faults and recovery") are in force in the running service: Vert.x runs on
 * the epoll transport, without which TCP_USER_TIMEOUT is ignored, and PostgreSQL holds the server's side of the bound
 * for the pool's sessions, as it reports them itself.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class PostgresConnectionBoundsTest {

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Test
    void theServiceRunsOnTheEpollTransport() {
        assertTrue(vertx.isNativeTransportEnabled(), "without epoll TCP_USER_TIMEOUT is not applied");
    }

    @Test
    void theServerEndsAVanishedClientsSessionWithinTheDeadPeerBound() {
        Row row = pool.query("""
                        SELECT (SELECT setting FROM pg_settings WHERE name = 'tcp_user_timeout') AS user_timeout_ms,
                               (SELECT setting FROM pg_settings WHERE name = 'tcp_keepalives_idle') AS idle_s,
                               (SELECT setting FROM pg_settings WHERE name = 'tcp_keepalives_interval') AS interval_s,
                               (SELECT setting FROM pg_settings WHERE name = 'tcp_keepalives_count') AS probes""")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("10000", row.getString("user_timeout_ms"), row.toJson().encode());
        assertEquals("3", row.getString("idle_s"), row.toJson().encode());
        assertEquals("3", row.getString("interval_s"), row.toJson().encode());
        assertEquals("3", row.getString("probes"), row.toJson().encode());
    }
}
