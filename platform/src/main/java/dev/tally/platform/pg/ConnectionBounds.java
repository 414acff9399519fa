package dev.tally.platform.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bounds on every wait that a silently lost network (packets dropped, no reset) would otherwise make endless, for
 * every PostgreSQL connection a service opens: the pool's ({@link BoundedPgPool}) and the dedicated ones (the relay's
 * lock session, a view's LISTEN connection).
 *
 * <ul>
 *   <li>{@code tally.datasource.connect-timeout}: a connect whose SYN is never answered fails after this.</li>
 *   <li>{@code tally.datasource.dead-peer-timeout}: on our side {@code TCP_USER_TIMEOUT}, so the kernel drops a
 *       connection whose sent bytes stay unacknowledged that long (a query in flight on a dead path fails instead of
 *       retransmitting for ~15 minutes); on the server's side, sent as session settings, the same
 *       {@code tcp_user_timeout} and keepalives, so PostgreSQL ends the session of a client that vanished, rolling
 *       back its transaction and releasing its locks (the position counter's row lock, the relay's advisory lock)
 *       instead of holding them for the kernel's two hours.</li>
 * </ul>
 * {@code TCP_USER_TIMEOUT} needs Vert.x's epoll transport ({@code quarkus.vertx.prefer-native-transport=true} and
 * netty's epoll library); without it the client side of that bound is not there, and this says so at start.
 */
@Singleton
public class ConnectionBounds {

    private static final Logger LOG = Logger.getLogger(ConnectionBounds.class);
    private static final int KEEPALIVE_PROBES = 3;

    private final Duration connectTimeout;
    private final Duration deadPeerTimeout;

    ConnectionBounds(@ConfigProperty(name = "tally.datasource.connect-timeout", defaultValue = "5s") Duration connectTimeout,
                     @ConfigProperty(name = "tally.datasource.dead-peer-timeout", defaultValue = "10s")
                     Duration deadPeerTimeout,
                     Vertx vertx) {
        this.connectTimeout = connectTimeout;
        this.deadPeerTimeout = deadPeerTimeout;
        if (!vertx.isNativeTransportEnabled()) {
            LOG.warnf("Vert.x runs without its epoll transport: TCP_USER_TIMEOUT (tally.datasource.dead-peer-timeout)"
                    + " is not applied, so a query on a silently lost connection waits for the kernel's retransmissions"
                    + " (set quarkus.vertx.prefer-native-transport=true on Linux)");
        }
    }

    /** {@code options} (changed in place, and returned) with the connect timeout and the dead-peer bounds. */
    public PgConnectOptions apply(PgConnectOptions options) {
        int deadPeerMillis = Math.toIntExact(deadPeerTimeout.toMillis());
        int keepaliveSeconds = Math.max(1, Math.toIntExact(deadPeerTimeout.toSeconds() / KEEPALIVE_PROBES));
        options.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        options.setTcpUserTimeout(deadPeerMillis);
        options.setTcpKeepAlive(true);
        // Session settings in the start-up message: the server's side of the same bound.
        options.addProperty("tcp_user_timeout", String.valueOf(deadPeerMillis));
        options.addProperty("tcp_keepalives_idle", String.valueOf(keepaliveSeconds));
        options.addProperty("tcp_keepalives_interval", String.valueOf(keepaliveSeconds));
        options.addProperty("tcp_keepalives_count", String.valueOf(KEEPALIVE_PROBES));
        return options;
    }
}
