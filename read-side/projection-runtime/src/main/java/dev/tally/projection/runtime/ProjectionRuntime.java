package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts the projection: makes sure an ACTIVE generation exists (generation 1 on first start, in one transaction with
 * its SQL views, so queries work as soon as the service is up), then starts the live consumer on its own thread.
 * Runs after Flyway has migrated the view's bookkeeping schema.
 */
@ApplicationScoped
public class ProjectionRuntime {

    private static final Logger LOG = Logger.getLogger(ProjectionRuntime.class);

    private final ProjectionConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Projection<?> projection;
    private final Generations generations;
    private final Checkpoints checkpoints;
    private final ProgressStore progress;
    private final BatchFolders folders;
    private final LiveFrontier frontier;
    private final ProjectionState state;
    private volatile LiveConsumer<?> live;
    private volatile Thread liveThread;

    ProjectionRuntime(ProjectionConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                      Projection<?> projection, Generations generations, Checkpoints checkpoints,
                      ProgressStore progress, BatchFolders folders, LiveFrontier frontier, ProjectionState state) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.projection = projection;
        this.generations = generations;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.folders = folders;
        this.frontier = frontier;
        this.state = state;
    }

    void start(@Observes @Priority(1000) StartupEvent event) {
        if (!config.enabled()) {
            LOG.infof("projection of view %s is disabled (tally.projection.enabled=false)", config.view());
            state.disabled();
            return;
        }
        KafkaSettings.requireLingerWithinRequestTimeout(kafkaConfig, config.liveLinger());
        projection.servedTables().forEach(t -> Bookkeeping.identifier(t, "served table"));
        Generation active = generations.ensureActive(projection).await().atMost(config.operationTimeout());
        long f = progress.frontier(active.n()).await().atMost(config.operationTimeout());
        frontier.activate(active.n(), f);
        startLive(projection, active);
        state.started();
        LOG.infof("view %s serves generation %d (%s), frontier %d", config.view(), active.n(), active.schema(), f);
    }

    private <E> void startLive(Projection<E> typed, Generation active) {
        LiveConsumer<E> consumer = new LiveConsumer<>(config, kafkaConfig, generations, checkpoints, progress,
                folders.of(typed), frontier, state, active);
        Thread thread = new Thread(consumer, "projection-" + config.view());
        thread.setDaemon(true);
        live = consumer;
        liveThread = thread;
        thread.start();
    }

    /** The generation the live consumer folds into (the active one). */
    public Generation liveGeneration() {
        LiveConsumer<?> consumer = live;
        return consumer == null ? null : consumer.target();
    }

    /** Tells the live consumer that a switch-over made {@code generation} the active one. */
    void switchedTo(Generation generation) {
        LiveConsumer<?> consumer = live;
        if (consumer != null) {
            consumer.switchTo(generation);
        }
    }

    Projection<?> projection() {
        return projection;
    }

    void stop(@Observes ShutdownEvent event) {
        LiveConsumer<?> consumer = live;
        if (consumer != null) {
            consumer.stop(Duration.ofSeconds(10));
        }
    }
}
