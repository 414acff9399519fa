package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import jakarta.enterprise.context.ApplicationScoped;

/** Makes the {@link BatchFolder} of each consumer (each keeps its own cache of stream versions). */
@ApplicationScoped
public class BatchFolders {

    private final ProjectionConfig config;
    private final StreamVersions streamVersions;
    private final BatchTransaction transaction;
    private final DeadLetters deadLetters;
    private final ProjectionSpans spans;

    BatchFolders(ProjectionConfig config, StreamVersions streamVersions, BatchTransaction transaction,
                 DeadLetters deadLetters, ProjectionSpans spans) {
        this.config = config;
        this.streamVersions = streamVersions;
        this.transaction = transaction;
        this.deadLetters = deadLetters;
        this.spans = spans;
    }

    public <E> BatchFolder<E> of(Projection<E> projection) {
        return new BatchFolder<>(projection, streamVersions, transaction, deadLetters, config.operationTimeout(),
                config.versionCacheSize(), spans);
    }
}
