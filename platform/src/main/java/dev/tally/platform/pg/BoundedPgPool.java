package dev.tally.platform.pg;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services' reactive PostgreSQL pool, as Quarkus configures it plus the bounds its configuration has no key for
 * (Quarkus 3.33): {@link ConnectionBounds} on each connection, and {@code tally.datasource.acquire-timeout} on the wait
 * for a pooled connection (Vert.x's default is 30 s) when every connection is busy or being replaced.
 */
@Singleton
public class BoundedPgPool implements PgPoolCreator {

    private final ConnectionBounds bounds;
    private final Duration acquireTimeout;

    BoundedPgPool(ConnectionBounds bounds,
                  @ConfigProperty(name = "tally.datasource.acquire-timeout", defaultValue = "5s") Duration acquireTimeout) {
        this.bounds = bounds;
        this.acquireTimeout = acquireTimeout;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions pool = new PoolOptions(input.poolOptions())
                .setConnectionTimeout(Math.toIntExact(acquireTimeout.toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<PgConnectOptions> servers = input.pgConnectOptionsList().stream()
                .map(options -> bounds.apply(new PgConnectOptions(options)))
                .toList();
        return PgDriver.INSTANCE.createPool(input.vertx(), servers, pool);
    }
}
