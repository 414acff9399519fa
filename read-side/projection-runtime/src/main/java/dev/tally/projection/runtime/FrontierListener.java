package dev.tally.projection.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import dev.tally.platform.pg.ConnectionBounds;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the in-memory frontier in step with commits made by other replicas (and by a rebuild's switch-over):
 * LISTEN on {@code <view>_frontier} (payload {@code <generation>:<frontier>}, sent by {@code advance_frontier} at
 * commit), plus a periodic re-read of the ACTIVE generation's frontier as the fallback. Nothing here blocks.
 */
@ApplicationScoped
public class FrontierListener {

    private static final Logger LOG = Logger.getLogger(FrontierListener.class);

    private final Vertx vertx;
    private final ProjectionConfig config;
    private final ProgressStore progress;
    private final LiveFrontier frontier;
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final ConnectionBounds bounds;
    private PgSubscriber subscriber;
    private long timer = -1;

    FrontierListener(Vertx vertx, ProjectionConfig config, ProgressStore progress, LiveFrontier frontier,
                     @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
                     @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                     @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                     ConnectionBounds bounds) {
        this.vertx = vertx;
        this.config = config;
        this.progress = progress;
        this.frontier = frontier;
        this.url = url;
        this.user = user;
        this.password = password;
        this.bounds = bounds;
    }

    void start(@Observes @Priority(2000) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        timer = vertx.setPeriodic(config.frontierRefreshInterval().toMillis(), id -> refresh());
        if (url.isEmpty()) {
            LOG.infof("no quarkus.datasource.reactive.url: view %s learns other replicas' progress by polling only",
                    config.view());
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get().split(",")[0].trim());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        bounds.apply(options);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1000L);
        subscriber.channel(config.view() + "_frontier").handler(this::notified);
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("listening on %s_frontier", config.view()),
                e -> LOG.warnf("cannot LISTEN for frontier updates of %s (polling instead): %s", config.view(), e));
    }

    private void notified(String payload) {
        int colon = payload.indexOf(':');
        if (colon <= 0) {
            return;
        }
        try {
            frontier.advanced(Integer.parseInt(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)));
        } catch (NumberFormatException e) {
            LOG.debugf("ignoring frontier notification '%s'", payload);
        }
    }

    private void refresh() {
        progress.activeFrontier().subscribe().with(active -> active.ifPresent(a -> {
            if (a.generation() != frontier.generation()) {
                frontier.activate(a.generation(), a.position());
            } else {
                frontier.advanced(a.generation(), a.position());
            }
        }), e -> LOG.debugf("frontier re-read failed: %s", e));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscriber != null) {
            subscriber.close().subscribe().with(ok -> { }, e -> { });
        }
    }
}
