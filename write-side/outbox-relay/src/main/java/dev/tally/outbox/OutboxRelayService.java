package dev.tally.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tally.eventstore.EventLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.tally.platform.pg.ConnectionBounds;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The application's outbox relay ({@link OutboxRelay}): started with the application when {@code tally.relay.enabled}
 * (default), stopped gracefully at shutdown, and controllable at run time (tests stop and restart it).
 */
@ApplicationScoped
public class OutboxRelayService {

    private static final String ADDITIONAL_PROPERTIES = "quarkus.datasource.reactive.additional-properties.";

    private final RelayConfig config;
    private final EventLog log;
    private final Pool pool;
    private final Vertx vertx;
    private final Config appConfig;
    private final Map<String, Object> kafkaConfig;
    private final ConnectionBounds bounds;
    private OutboxRelay relay;
    private RelayObserver observer = RelayObserver.NONE;
    private Tracer tracer;

    @Inject
    public OutboxRelayService(RelayConfig config, EventLog log, Pool pool, Vertx vertx, Config appConfig,
                              @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                              ConnectionBounds bounds) {
        this.config = config;
        this.log = log;
        this.pool = pool;
        this.vertx = vertx;
        this.appConfig = appConfig;
        this.kafkaConfig = kafkaConfig;
        this.bounds = bounds;
    }

    /**
     * Published events become spans ({@link PublishSpans}) when the host has an OpenTelemetry SDK that is not disabled
     * ({@code quarkus.otel.sdk.disabled}); otherwise nothing is traced.
     */
    @Inject
    void traces(Instance<OpenTelemetry> openTelemetry,
                @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean sdkDisabled) {
        tracer = openTelemetry.isResolvable() && !sdkDisabled
                ? openTelemetry.get().getTracer("tally-outbox-relay") : null;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (relay == null) {
            relay = newRelay(RelaySettings.from(config, producerOverrides()));
            relay.observe(observer);
        }
        relay.start();
    }

    /** Graceful: see {@link OutboxRelay#stop()}. */
    public synchronized void stop() {
        if (relay != null) {
            relay.stop();
        }
    }

    /** Tells {@code newObserver} of the application's relay's events from now on ({@link OutboxRelay#observe}). */
    public synchronized void observe(RelayObserver newObserver) {
        observer = newObserver;
        if (relay != null) {
            relay.observe(newObserver);
        }
    }

    public synchronized RelayStatus status() {
        return relay == null
                ? new RelayStatus("-", false, false, false, -1, 0, -1, null, LagStats.EMPTY, null, 0)
                : relay.status();
    }

    /** Commit-to-acknowledgement lag percentiles of everything published by this replica's relay. */
    public synchronized LagStats lag() {
        return relay == null ? LagStats.EMPTY : relay.lag().snapshot();
    }

    public synchronized void resetLag() {
        if (relay != null) {
            relay.lag().reset();
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The checkpoint as stored (whichever replica leads): every position up to it was acknowledged by Kafka. */
    public Uni<Long> storedCheckpoint() {
        return pool.preparedQuery(RelaySql.READ_CHECKPOINT).execute(Tuple.of(config.name()))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("position"));
    }

    /**
     * A further relay instance on the same database and Kafka, e.g. to exercise fail-over in one JVM. Not started;
     * the caller stops it.
     */
    public OutboxRelay newRelay(RelaySettings settings) {
        return new OutboxRelay(settings, log, vertx, lockConnectOptions(), kafkaConfig, tracer);
    }

    /** The application's relay settings, as a base for {@link #newRelay(RelaySettings)}. */
    public RelaySettings settings() {
        return RelaySettings.from(config, producerOverrides());
    }

    private Map<String, String> producerOverrides() {
        String prefix = "tally.relay.producer.";
        Map<String, String> overrides = new HashMap<>();
        for (String name : appConfig.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                appConfig.getOptionalValue(name, String.class)
                        .ifPresent(value -> overrides.put(name.substring(prefix.length()), value));
            }
        }
        return overrides;
    }

    /** The reactive datasource's address and credentials, for the relay's dedicated (non-pooled) connection. */
    PgConnectOptions lockConnectOptions() {
        String url = appConfig.getOptionalValue("quarkus.datasource.reactive.url", String.class)
                .orElseThrow(() -> new IllegalStateException("quarkus.datasource.reactive.url is not set"));
        // The reactive URL may list several hosts; the first is the primary.
        String first = url.split(",")[0].trim();
        if (first.startsWith("vertx-reactive:")) {
            first = first.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(first);
        optional("quarkus.datasource.username").ifPresent(options::setUser);
        optional("quarkus.datasource.password").ifPresent(options::setPassword);
        // The same bounds as the pool's: on a silently lost path the server ends this session (releasing the lock)
        // and our side stops waiting, instead of both holding on for the kernel's retransmissions.
        bounds.apply(options);
        options.setCachePreparedStatements(true);
        // The pool's session settings too (plan_cache_mode: the log read is then planned once per session).
        for (String key : appConfig.getPropertyNames()) {
            if (key.startsWith(ADDITIONAL_PROPERTIES)) {
                optional(key).ifPresent(value -> options.addProperty(key.substring(ADDITIONAL_PROPERTIES.length()), value));
            }
        }
        options.addProperty("application_name", "tally-outbox-relay");
        return options;
    }

    private Optional<String> optional(String key) {
        return appConfig.getOptionalValue(key, String.class);
    }
}
