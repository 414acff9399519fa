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
 * The services' reactive PostgreSQL pool, as Quarkus configures it plus what its configuration has no key for
 * (Quarkus 3.33): {@link ConnectionBounds} on each connection, {@code tally.datasource.acquire-timeout} on the wait
 * for a pooled connection (Vert.x's default is 30 s) when every connection is busy or being replaced, and
 * {@code tally.datasource.prepared-statement-cache-sql-limit}: Vert.x caches no statement longer than 2,048
 * characters, so without it the event store's append statement was parsed and planned again on every call.
 */
@Singleton
public class BoundedPgPool implements PgPoolCreator {

    private final ConnectionBounds bounds;
    private final Duration acquireTimeout;
    private final int statementCacheSqlLimit;

    BoundedPgPool(ConnectionBounds bounds,
                  @ConfigProperty(name = "tally.datasource.acquire-timeout", defaultValue = "5s") Duration acquireTimeout,
                  @ConfigProperty(name = "tally.datasource.prepared-statement-cache-sql-limit", defaultValue = "16384")
                  int statementCacheSqlLimit) {
        this.bounds = bounds;
        this.acquireTimeout = acquireTimeout;
        this.statementCacheSqlLimit = statementCacheSqlLimit;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions pool = new PoolOptions(input.poolOptions())
                .setConnectionTimeout(Math.toIntExact(acquireTimeout.toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<PgConnectOptions> servers = input.pgConnectOptionsList().stream()
                .map(options -> bounds.apply(new PgConnectOptions(options))
                        .setPreparedStatementCacheSqlLimit(statementCacheSqlLimit))
                .toList();
        return PgDriver.INSTANCE.createPool(input.vertx(), servers, pool);
    }
}
