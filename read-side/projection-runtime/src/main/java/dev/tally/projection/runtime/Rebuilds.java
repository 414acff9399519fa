package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Zero-downtime rebuilds: {@link #start()} creates generation N+1 (BUILDING) and folds the log into it on a thread
 * of its own ({@link RebuildConsumer}) while generation N keeps serving; the switch-over is atomic. One rebuild at a
 * time across replicas: the BUILDING row is unique and the replica running it holds an advisory lock, so a BUILDING
 * generation nobody holds (its replica died) is resumed from its own checkpoints at the next start or request.
 * After the switch the newest {@code keep-retired-generations} retired schemas are kept (for comparison or
 * inspection) and older ones are dropped.
 */
@ApplicationScoped
public class Rebuilds {

    private static final Logger LOG = Logger.getLogger(Rebuilds.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Projection<?> projection;
    private final Bookkeeping bookkeeping;
    private final Generations generations;
    private final Checkpoints checkpoints;
    private final ProgressStore progress;
    private final BatchFolders folders;
    private final LiveFrontier frontier;
    private final ProjectionState state;
    private final ProjectionRuntime runtime;
    private RebuildConsumer<?> running;
    private SqlConnection lockHolder;

    Rebuilds(ProjectionConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
             Projection<?> projection, Bookkeeping bookkeeping, Generations generations, Checkpoints checkpoints,
             ProgressStore progress, BatchFolders folders, LiveFrontier frontier, ProjectionState state,
             ProjectionRuntime runtime) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.projection = projection;
        this.bookkeeping = bookkeeping;
        this.generations = generations;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.folders = folders;
        this.frontier = frontier;
        this.state = state;
        this.runtime = runtime;
    }

    /** Starts a rebuild; completes with the new generation's number, or fails with {@link RebuildConflictException}. */
    public Uni<Integer> start() {
        if (!config.enabled()) {
            return Uni.createFrom().failure(new IllegalStateException("the projection is disabled"));
        }
        // Blocking steps (advisory lock, thread start) run off the event loop.
        return Uni.createFrom().item(this::startBlocking).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private synchronized int startBlocking() {
        if (running != null && !running.isDone()) {
            throw new RebuildConflictException(running.generation().n());
        }
        Optional<Generation> building = generations.in(GenerationStatus.BUILDING).await().atMost(config.operationTimeout());
        if (building.isPresent()) {
            if (!resume(building.get())) {
                throw new RebuildConflictException(building.get().n());
            }
            return building.get().n();
        }
        if (!acquireLock()) {
            throw new RebuildConflictException(-1);
        }
        Generation g;
        try {
            g = generations.createBuilding(projection).await().atMost(config.operationTimeout());
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
        launch(projection, g);
        return g.n();
    }

    /** A BUILDING generation left by a replica that stopped: carry it on here unless another replica holds it. */
    void resumeAtStart(@Observes @Priority(1500) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            generations.in(GenerationStatus.BUILDING).await().atMost(config.operationTimeout())
                    .ifPresent(g -> {
                        synchronized (this) {
                            if (resume(g)) {
                                LOG.infof("view %s: resuming the rebuild of generation %d", config.view(), g.n());
                            }
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warnf("view %s: could not check for an unfinished rebuild: %s", config.view(), e.toString());
        }
    }

    private boolean resume(Generation g) {
        if (running != null && !running.isDone()) {
            return false;
        }
        if (!acquireLock()) {
            return false;
        }
        launch(projection, g);
        return true;
    }

    private <E> void launch(Projection<E> typed, Generation g) {
        RebuildConsumer<E> consumer = new RebuildConsumer<>(config, kafkaConfig, bookkeeping.pool(), generations,
                checkpoints, progress, folders.of(typed), state, g, this::switched);
        running = consumer;
        Thread thread = new Thread(() -> {
            try {
                consumer.run();
            } finally {
                releaseLock();
            }
        }, "projection-" + config.view() + "-rebuild-g" + g.n());
        thread.setDaemon(true);
        thread.start();
    }

    private void switched(Generation retired, Generation active, long newFrontier) {
        frontier.activate(active.n(), newFrontier);
        runtime.switchedTo(active);
        try {
            var dropped = generations.dropRetired(config.keepRetiredGenerations()).await().atMost(config.operationTimeout());
            if (!dropped.isEmpty()) {
                LOG.infof("view %s: dropped retired schemas %s", config.view(), dropped);
            }
        } catch (RuntimeException e) {
            LOG.warnf("view %s: could not drop retired schemas (will retry after the next rebuild): %s",
                    config.view(), e.toString());
        }
    }

    /** Session advisory lock on a connection held for the rebuild's lifetime: one rebuilding replica at a time. */
    private synchronized boolean acquireLock() {
        if (lockHolder != null) {
            return true;
        }
        SqlConnection connection = bookkeeping.pool().getConnection().await().atMost(config.operationTimeout());
        boolean locked = connection.preparedQuery("SELECT pg_try_advisory_lock(hashtext($1))")
                .execute(Tuple.of(config.view() + ".rebuild"))
                .map(rows -> rows.iterator().next().getBoolean(0))
                .await().atMost(config.operationTimeout());
        if (!locked) {
            connection.close().await().atMost(config.operationTimeout());
            return false;
        }
        lockHolder = connection;
        return true;
    }

    private synchronized void releaseLock() {
        if (lockHolder == null) {
            return;
        }
        SqlConnection connection = lockHolder;
        lockHolder = null;
        try {
            connection.preparedQuery("SELECT pg_advisory_unlock(hashtext($1))")
                    .execute(Tuple.of(config.view() + ".rebuild"))
                    .await().atMost(config.operationTimeout());
        } catch (RuntimeException e) {
            LOG.debugf("advisory unlock failed (the connection's end releases it): %s", e);
        }
        connection.close().await().atMost(config.operationTimeout());
    }

    void stop(@Observes ShutdownEvent event) {
        RebuildConsumer<?> consumer;
        synchronized (this) {
            consumer = running;
        }
        if (consumer != null) {
            consumer.stop(Duration.ofSeconds(10));
        }
    }
}
