package dev.tally.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import dev.tally.eventstore.RecordedEvent;
import io.opentelemetry.api.trace.Span;

/**
 * Sends batches to Kafka and waits until every record of a batch is acknowledged, while the relay leads; owns the
 * producer and the publish statistics. Records are keyed by stream id, so a stream stays on one partition in order;
 * the producer is idempotent with {@code acks=all} and at most 5 in flight ({@link ProducerSettings}), so retries
 * cannot reorder. A failed batch closes the producer (dropping anything unsent) and is read again from the checkpoint.
 * <p>
 * For each acknowledged event, {@code ack time - recorded_at} goes into {@link #lag()}. {@code recorded_at} is taken
 * inside the appending transaction just before its commit, on the database host's clock, so this measures commit to
 * broker acknowledgement (plus any clock offset between the hosts).
 */
final class BatchPublisher {

    private static final Logger LOG = Logger.getLogger(BatchPublisher.class);
    private static final Duration ACK_POLL = Duration.ofMillis(20);

    private final RelaySettings settings;
    private final Map<String, Object> producerConfig;
    private final CloudEventRecords records;
    private final BooleanSupplier leading;
    private final PublishSpans spans;
    private final LatencyHistogram lag = new LatencyHistogram();
    private final AtomicLong published = new AtomicLong();
    private volatile RelayObserver observer = RelayObserver.NONE;
    private AutoCloseable producerMeters = () -> {
    };

    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile long lastLagMicros = -1;
    private volatile Instant lastPublishedAt;

    /** @param leading whether the relay still holds leadership; checked between sends and while waiting for acks */
    BatchPublisher(RelaySettings settings, Map<String, Object> producerConfig, BooleanSupplier leading,
                   PublishSpans spans) {
        this.settings = settings;
        this.producerConfig = Map.copyOf(producerConfig);
        this.records = new CloudEventRecords(settings.topic(), settings.source(), settings.typePrefix());
        this.leading = leading;
        this.spans = spans;
    }

    /** Sends a whole batch and returns once every record is acknowledged; throws otherwise. */
    void publish(List<RecordedEvent> batch) throws InterruptedException {
        KafkaProducer<byte[], byte[]> current = producer();
        RelayObserver watching = observer;
        CountDownLatch acknowledged = new CountDownLatch(batch.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (RecordedEvent event : batch) {
            if (!leading.getAsBoolean()) {
                throw new LeadershipLostException("lock lost while sending");
            }
            Instant recordedAt = event.recordedAt();
            Span span = spans.sending(event);
            current.send(records.toRecord(event), (metadata, error) -> {
                PublishSpans.acknowledged(span, metadata, error);
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    long micros = recordedAt.until(Instant.now(), ChronoUnit.MICROS);
                    lag.record(micros);
                    watching.acknowledged(micros);
                    lastLagMicros = micros;
                }
                acknowledged.countDown();
            });
        }
        long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
        while (!acknowledged.await(ACK_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!leading.getAsBoolean()) {
                throw new LeadershipLostException("lock lost while waiting for acknowledgements");
            }
            if (failure.get() != null) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new PublishException("batch not acknowledged within " + settings.ackTimeout(), null);
            }
        }
        if (failure.get() != null) {
            throw new PublishException("send failed", failure.get());
        }
        published.addAndGet(batch.size());
        lastPublishedAt = Instant.now();
    }

    private void closeMeters() {
        try {
            producerMeters.close();
        } catch (Exception e) {
            LOG.debugf("closing the producer's meters: %s", e.getMessage());
        }
        producerMeters = () -> {
        };
    }

    void observe(RelayObserver newObserver) {
        observer = newObserver;
    }

    /** Creates the producer ahead of the first batch. */
    void ensureProducer() {
        producer();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> current = producer;
        if (current == null) {
            current = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
            producer = current;
            producerMeters = observer.producerOpened(current);
        }
        return current;
    }

    /** Drops whatever is unsent; the batch will be read again from the checkpoint. */
    void abandon() {
        KafkaProducer<byte[], byte[]> current = producer;
        producer = null;
        closeMeters();
        if (current != null) {
            try {
                current.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf("closing abandoned producer: %s", e.getMessage());
            }
        }
    }

    /** Closes the producer, giving unsent records {@code shutdown-timeout}. */
    void close() {
        KafkaProducer<byte[], byte[]> current = producer;
        producer = null;
        closeMeters();
        if (current != null) {
            try {
                current.close(settings.shutdownTimeout());
            } catch (RuntimeException e) {
                LOG.debugf("closing producer: %s", e.getMessage());
            }
        }
    }

    LatencyHistogram lag() {
        return lag;
    }

    long published() {
        return published.get();
    }

    long lastLagMicros() {
        return lastLagMicros;
    }

    Instant lastPublishedAt() {
        return lastPublishedAt;
    }
}
