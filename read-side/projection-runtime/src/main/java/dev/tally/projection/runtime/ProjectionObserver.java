package dev.tally.projection.runtime;

/**
 * Hears of the live consumer's committed batches and of read-your-writes waits, for metrics. Called once per batch
 * (on the consumer's thread) and once per query that had to wait (on the thread that released it): implementations
 * must be cheap and must not block.
 */
public interface ProjectionObserver {

    ProjectionObserver NONE = new ProjectionObserver() {
    };

    /** A batch of {@code records} Kafka records was committed, {@code seconds} after its fold began. */
    default void batchCommitted(BatchPlan<?> plan, int records, double seconds) {
    }

    /** A query waited {@code nanos} for the frontier; {@code timedOut} if it gave up (answered 503). */
    default void waited(long nanos, boolean timedOut) {
    }

    /** The live consumer joined its group; the handle is closed with the consumer (its Kafka client meters). */
    default AutoCloseable consumerOpened(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer) {
        return () -> {
        };
    }
}
