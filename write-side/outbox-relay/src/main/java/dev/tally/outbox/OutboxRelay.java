package dev.tally.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.RecordedEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Publishes the event store to one Kafka topic, in position order. The events table is the outbox: a command is done
 * when its events are committed; publishing happens afterwards, here, so there is no dual write and Kafka being down
 * only delays publication.
 *
 * <h2>Loop</h2>
 * One dedicated platform thread (all Kafka and lock calls block; no event loop is ever blocked):
 * <ol>
 * <li>Become leader: {@link LeaderLock} (session advisory lock on a dedicated connection); a standby retries every
 * {@code leader-retry-interval}. On becoming leader, read the checkpoint.</li>
 * <li>Read up to {@code batch-size} events after the checkpoint ({@link EventStore#readAll}, on the lock connection
 * so it never waits for a pooled connection behind command traffic; the store's gap-free order means paging by
 * position never skips a late commit), then wait until they are durable ({@link EventStore#awaitDurable}).</li>
 * <li>Send them all (key = stream id, so a stream stays on one partition in order; idempotent producer,
 * {@code acks=all}, at most 5 in flight so retries cannot reorder), then wait until <em>every</em> one is
 * acknowledged.</li>
 * <li>Advance the checkpoint to the batch's last position, through the lock session (fencing).</li>
 * <li>When nothing is left, sleep until a NOTIFY on {@code eventstore_appended} or {@code poll-interval}.</li>
 * </ol>
 * A failed or timed-out send abandons the batch: the producer is closed (dropping anything unsent), the checkpoint is
 * not moved, and after a back-off the batch is read again from the checkpoint. Delivery is therefore exactly once in
 * a normal run and at least once across failures and fail-overs (consumers de-duplicate by stream version).
 * <p>
 * Losing the lock connection (closed socket, or a failed ping/checkpoint write) stops publishing at once: the loop
 * checks leadership between sends and while waiting for acknowledgements, and abandons the batch.
 *
 * <h2>Lag</h2>
 * For each acknowledged event, {@code ack time - recorded_at} goes into {@link #lag()}. {@code recorded_at} is taken
 * inside the appending transaction just before its commit, on the database host's clock, so this measures commit to
 * broker acknowledgement (plus any clock offset between the hosts).
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration ACK_POLL = Duration.ofMillis(20);

    private final RelaySettings settings;
    private final EventStore store;
    private final Map<String, Object> kafkaConfig;
    private final CloudEventRecords records;
    private final LeaderLock lock;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final LatencyHistogram lag = new LatencyHistogram();
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();

    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private volatile Thread worker;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile long checkpoint = -1;
    private volatile long lastLagMicros = -1;
    private volatile Instant lastPublishedAt;
    private volatile String lastError;
    private boolean topicReady;

    /**
     * @param kafkaConfig   client properties (at least {@code bootstrap.servers}) for the producer and the admin client
     * @param lockConnection where the dedicated lock/LISTEN connection goes (the event store's database)
     */
    public OutboxRelay(RelaySettings settings, EventStore store, Vertx vertx, PgConnectOptions lockConnection,
                       Map<String, Object> kafkaConfig) {
        this.settings = settings;
        this.store = store;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.records = new CloudEventRecords(settings.topic(), settings.source(), settings.typePrefix());
        this.lock = new LeaderLock(vertx, lockConnection, settings.lockKey(), settings.ackTimeout(), this::wake);
    }

    /** Starts the loop (standby until it holds the lock). No effect if already running. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopSignal = new CountDownLatch(1);
        wakeups.drainPermits();
        Thread thread = new Thread(this::run, "tally-outbox-relay-" + settings.name() + "-" + instanceId);
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        LOG.infof("outbox relay %s started (topic %s)", instanceId, settings.topic());
    }

    /**
     * Stops publishing: the in-flight batch gets {@code shutdown-timeout} to be acknowledged (then the checkpoint
     * advances), otherwise it is abandoned without advancing. Closes the producer and releases the lock.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopSignal.countDown();
        wake();
        Thread thread = worker;
        if (thread != null) {
            try {
                thread.join(settings.shutdownTimeout().toMillis());
                if (thread.isAlive()) {
                    LOG.warn("outbox relay: in-flight batch not acknowledged in time, abandoning it");
                    abandonProducer();
                    thread.interrupt();
                    thread.join(settings.shutdownTimeout().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
        LOG.infof("outbox relay %s stopped at checkpoint %d", instanceId, checkpoint);
    }

    public RelayStatus status() {
        Thread thread = worker;
        return new RelayStatus(instanceId, running, thread != null && thread.isAlive(), lock.isHeld(), checkpoint,
                published.get(), lastLagMicros, lastPublishedAt, lag.snapshot(), lastError, lock.backendPid());
    }

    /** Commit-to-acknowledgement lag of every event this instance published (resettable). */
    public LatencyHistogram lag() {
        return lag;
    }

    /** Wakes the loop early (called for every append notification). */
    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(settings.retryBackoffMin(), settings.retryBackoffMax());
        long lastPing = System.nanoTime();
        boolean leading = false;
        try {
            while (running) {
                try {
                    if (!lock.isHeld()) {
                        if (leading) {
                            // Just lost the lock: step back for a retry interval so a standby can take over
                            // instead of this replica winning it back on a flapping connection.
                            leading = false;
                            abandonProducer();
                            LOG.warnf("outbox relay %s is no longer the leader", instanceId);
                            pause(settings.leaderRetryInterval());
                            continue;
                        }
                        if (!becomeLeader()) {
                            pause(settings.leaderRetryInterval());
                            continue;
                        }
                        leading = true;
                    }
                    ensureTopic();
                    ensureProducer();
                    List<RecordedEvent> batch = readBatch();
                    if (batch.isEmpty()) {
                        if (System.nanoTime() - lastPing > settings.leaderRetryInterval().toNanos()) {
                            lock.ping();
                            lastPing = System.nanoTime();
                        }
                        awaitWakeup(settings.pollInterval());
                        continue;
                    }
                    publish(batch);
                    long last = batch.get(batch.size() - 1).position();
                    lock.advanceCheckpoint(settings.name(), last);
                    checkpoint = last;
                    lastPing = System.nanoTime();
                    backoff.reset();
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("published %d events up to position %d; lag %s", batch.size(), last,
                                lag.snapshot());
                    }
                } catch (LeadershipLostException e) {
                    LOG.warnf("outbox relay %s lost leadership: %s", instanceId, e.getMessage());
                    abandonProducer();
                    lock.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    lastError = Instant.now() + " " + e;
                    abandonProducer();
                    Duration delay = backoff.next();
                    LOG.warnf("outbox relay: batch after position %d not published (%s); retrying in %d ms",
                            checkpoint, e, delay.toMillis());
                    pause(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeProducer();
            try {
                lock.awaitCheckpoint();
            } catch (LeadershipLostException e) {
                LOG.warnf("outbox relay %s: last checkpoint not written (%s)", instanceId, e.getMessage());
            }
            lock.close();
        }
    }

    private boolean becomeLeader() {
        abandonProducer();
        if (!lock.tryAcquire()) {
            return false;
        }
        try {
            checkpoint = lock.loadCheckpoint(settings.name());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        LOG.infof("outbox relay %s is the leader (lock session pid %d), publishing after position %d", instanceId,
                lock.backendPid(), checkpoint);
        return true;
    }

    /**
     * The next events after the checkpoint, once they are durable: appends commit asynchronously and wait for the WAL
     * flush afterwards, so a just-visible event could still be undone by a database crash; it must not reach Kafka
     * before it is safe (see {@link EventStore}).
     */
    private List<RecordedEvent> readBatch() {
        try {
            List<RecordedEvent> batch = store.readAll(lock.leaderConnection(), checkpoint, settings.batchSize())
                    .await().atMost(settings.ackTimeout());
            if (!batch.isEmpty()) {
                store.awaitDurable(lock.leaderConnection()).await().atMost(settings.ackTimeout());
            }
            return batch;
        } catch (LeadershipLostException e) {
            throw e;
        } catch (RuntimeException e) {
            // The lock session failed: whether it still holds the lock is unknown, so give it up.
            lock.close();
            throw new LeadershipLostException("reading events on the lock connection failed: " + e.getMessage());
        }
    }

    /** Sends a whole batch and returns once every record is acknowledged; throws otherwise. */
    private void publish(List<RecordedEvent> batch) throws InterruptedException {
        KafkaProducer<byte[], byte[]> current = producer;
        CountDownLatch acknowledged = new CountDownLatch(batch.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (RecordedEvent event : batch) {
            if (!lock.isHeld()) {
                throw new LeadershipLostException("lock lost while sending");
            }
            Instant recordedAt = event.recordedAt();
            current.send(records.toRecord(event), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    long micros = recordedAt.until(Instant.now(), ChronoUnit.MICROS);
                    lag.record(micros);
                    lastLagMicros = micros;
                }
                acknowledged.countDown();
            });
        }
        long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
        while (!acknowledged.await(ACK_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!lock.isHeld()) {
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

    private void ensureTopic() throws InterruptedException, ExecutionException, TimeoutException {
        if (topicReady) {
            return;
        }
        Admin admin = Admin.create(new HashMap<>(kafkaConfig));
        try {
            long timeoutMs = settings.ackTimeout().toMillis();
            if (!admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).contains(settings.topic())) {
                NewTopic topic = new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                    LOG.infof("created topic %s (%d partitions, replication %d, unlimited retention)",
                            settings.topic(), settings.partitions(), settings.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } finally {
            // Bounded: with the broker down, a plain close() would wait for the abandoned calls to time out.
            admin.close(Duration.ofSeconds(1));
        }
        topicReady = true;
    }

    private void ensureProducer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.min(10_000, settings.ackTimeout().toMillis())));
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(settings.ackTimeout().toMillis()));
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.ackTimeout().toMillis()));
        config.putAll(settings.producer());
        // The delivery guarantees are not negotiable: no duplicates from retries, no reordering, replicated acks.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        int inFlight = Integer.parseInt(String.valueOf(
                config.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")));
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Integer.toString(Math.min(5, inFlight)));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-outbox-relay-" + settings.name() + "-" + instanceId);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove("group.id"); // a consumer setting the application may have under kafka.*
        return config;
    }

    /** Drops whatever is unsent; the batch will be read again from the checkpoint. */
    private void abandonProducer() {
        KafkaProducer<byte[], byte[]> current = producer;
        producer = null;
        if (current != null) {
            try {
                current.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf("closing abandoned producer: %s", e.getMessage());
            }
        }
    }

    private void closeProducer() {
        KafkaProducer<byte[], byte[]> current = producer;
        producer = null;
        if (current != null) {
            try {
                current.close(settings.shutdownTimeout());
            } catch (RuntimeException e) {
                LOG.debugf("closing producer: %s", e.getMessage());
            }
        }
    }

    private void awaitWakeup(Duration timeout) throws InterruptedException {
        if (wakeups.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeups.drainPermits();
        }
    }

    /** Sleeps unless stopped meanwhile; append notifications do not shorten it (a standby ignores them). */
    private void pause(Duration delay) throws InterruptedException {
        stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A batch was not fully acknowledged. */
    static final class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(cause == null ? message : message + ": " + cause, cause);
        }
    }

    /** Exponential back-off between failed batches. */
    static final class Backoff {
        private final Duration min;
        private final Duration max;
        private Duration next;

        Backoff(Duration min, Duration max) {
            this.min = min;
            this.max = max;
            this.next = min;
        }

        Duration next() {
            Duration current = next;
            Duration doubled = next.multipliedBy(2);
            next = doubled.compareTo(max) > 0 ? max : doubled;
            return current;
        }

        void reset() {
            next = min;
        }
    }
}
