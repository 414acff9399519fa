package dev.tally.outbox;

/**
 * Hears of a relay's acknowledged events and failures ({@link OutboxRelay#observe}), for metrics. {@link #acknowledged}
 * runs on the Kafka producer's callback thread once per event: it must be cheap and must not block.
 */
public interface RelayObserver {

    RelayObserver NONE = new RelayObserver() {
    };

    /** Why a batch was abandoned. */
    enum Failure {
        /** A send failed or was not acknowledged in time, or the database failed. */
        PUBLISH,
        /** The lock session was lost while leading. */
        LEADERSHIP_LOST
    }

    /** Kafka acknowledged an event, {@code lagMicros} after its commit. */
    default void acknowledged(long lagMicros) {
    }

    /** A batch was abandoned; it is read again from the checkpoint. */
    default void failed(Failure failure) {
    }

    /** The relay created its producer; the handle is closed with the producer (its Kafka client meters). */
    default AutoCloseable producerOpened(org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer) {
        return () -> {
        };
    }
}
