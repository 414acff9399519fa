package dev.tally.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.tally.eventstore.EventLog;
import dev.tally.eventstore.RecordedEvent;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Publishes an event store's global log ({@link EventLog}) to one Kafka topic, in position order. The events table is
 * the outbox: a command is done when its events are committed; publishing happens afterwards, here, so there is no dual
 * write and Kafka being down only delays publication.
 *
 * <h2>Loop</h2>
 * One dedicated platform thread (all Kafka and lock calls block; no event loop is ever blocked):
 * <ol>
 * <li>Become leader: {@link LeaderLock} (session advisory lock on a dedicated connection); a standby retries every
 * {@code leader-retry-interval}. On becoming leader, read the checkpoint.</li>
 * <li>Read up to {@code batch-size} events after the checkpoint ({@link EventLog#readAll}, on the lock connection
 * so it never waits for a pooled connection behind command traffic; the log's gap-free order means paging by
 * position never skips a late commit), then wait until they are durable ({@link EventLog#awaitDurable}).</li>
 * <li>Send them all and wait until <em>every</em> one is acknowledged ({@link BatchPublisher}).</li>
 * <li>Advance the checkpoint to the batch's last position, through the lock session (fencing).</li>
 * <li>When nothing is left (the batch was not full, or the read was empty), sleep until a NOTIFY on
 * {@link EventLog#APPENDED_CHANNEL} or {@code poll-interval}; a NOTIFY that came while the batch was out ends the
 * sleep at once. After a NOTIFY, wait {@code linger} before reading, so the next few appends share the batch.</li>
 * </ol>
 * A failed or timed-out send abandons the batch: the producer is closed (dropping anything unsent), the checkpoint is
 * not moved, and after a back-off the batch is read again from the checkpoint. Delivery is therefore exactly once in
 * a normal run and at least once across failures and fail-overs (consumers de-duplicate by stream version).
 * <p>
 * Losing the lock connection (closed socket, or a failed ping/checkpoint write) stops publishing at once: the loop
 * checks leadership between sends and while waiting for acknowledgements, and abandons the batch.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final RelaySettings settings;
    private final EventLog log;
    private final Map<String, Object> kafkaConfig;
    private final LeaderLock lock;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final RelayTopic topic;
    private final BatchPublisher publisher;
    private final Semaphore wakeups = new Semaphore(0);

    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private volatile Thread worker;
    private volatile long checkpoint = -1;
    private volatile String lastError;
    private volatile RelayObserver observer = RelayObserver.NONE;

    /**
     * @param kafkaConfig    client properties (at least {@code bootstrap.servers}) for the producer and the admin client
     * @param lockConnection where the dedicated lock/LISTEN connection goes (the event store's database)
     */
    public OutboxRelay(RelaySettings settings, EventLog log, Vertx vertx, PgConnectOptions lockConnection,
                       Map<String, Object> kafkaConfig) {
        this(settings, log, vertx, lockConnection, kafkaConfig, null);
    }

    /** As above, with a span per published event from {@code tracer} ({@link PublishSpans}); null: no spans. */
    public OutboxRelay(RelaySettings settings, EventLog log, Vertx vertx, PgConnectOptions lockConnection,
                       Map<String, Object> kafkaConfig, Tracer tracer) {
        this.settings = settings;
        this.log = log;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.lock = new LeaderLock(vertx, lockConnection, settings.lockKey(), settings.ackTimeout(), this::wake);
        this.topic = new RelayTopic(settings, this.kafkaConfig);
        this.publisher = new BatchPublisher(settings, producerConfig(), lock::isHeld,
                tracer == null ? PublishSpans.OFF : new PublishSpans(tracer, settings.topic()));
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
                    publisher.abandon();
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
                publisher.published(), publisher.lastLagMicros(), publisher.lastPublishedAt(),
                publisher.lag().snapshot(), lastError, lock.backendPid());
    }

    /** Commit-to-acknowledgement lag of every event this instance published (resettable). */
    public LatencyHistogram lag() {
        return publisher.lag();
    }

    /** Tells {@code newObserver} of every acknowledged event and every failure from now on (metrics). */
    public void observe(RelayObserver newObserver) {
        observer = newObserver == null ? RelayObserver.NONE : newObserver;
        publisher.observe(observer);
    }

    /** Wakes the loop early (called for every append notification). */
    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** The producer's Kafka properties ({@link ProducerSettings}). */
    Map<String, Object> producerConfig() {
        return ProducerSettings.of(settings, kafkaConfig, "tally-outbox-relay-" + settings.name() + "-" + instanceId);
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
                            publisher.abandon();
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
                    topic.ensureExists();
                    publisher.ensureProducer();
                    List<RecordedEvent> batch = readBatch();
                    if (batch.isEmpty()) {
                        if (System.nanoTime() - lastPing > settings.leaderRetryInterval().toNanos()) {
                            lock.ping();
                            lastPing = System.nanoTime();
                        }
                        awaitWakeup(settings.pollInterval());
                        continue;
                    }
                    publisher.publish(batch);
                    long last = batch.get(batch.size() - 1).position();
                    lock.advanceCheckpoint(settings.name(), last);
                    checkpoint = last;
                    lastPing = System.nanoTime();
                    backoff.reset();
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("published %d events up to position %d; lag %s", batch.size(), last,
                                publisher.lag().snapshot());
                    }
                    if (batch.size() < settings.batchSize()) {
                        // The log was read to its end: an append committed since then has notified, so wait for
                        // that instead of reading again at once (under a steady load, half of all reads came back
                        // empty, each a round trip and a statement).
                        awaitWakeup(settings.pollInterval());
                    }
                } catch (LeadershipLostException e) {
                    LOG.warnf("outbox relay %s lost leadership: %s", instanceId, e.getMessage());
                    observer.failed(RelayObserver.Failure.LEADERSHIP_LOST);
                    publisher.abandon();
                    lock.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    lastError = Instant.now() + " " + e;
                    observer.failed(RelayObserver.Failure.PUBLISH);
                    publisher.abandon();
                    Duration delay = backoff.next();
                    LOG.warnf("outbox relay: batch after position %d not published (%s); retrying in %d ms",
                            checkpoint, e, delay.toMillis());
                    pause(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
            try {
                lock.awaitCheckpoint();
            } catch (LeadershipLostException e) {
                LOG.warnf("outbox relay %s: last checkpoint not written (%s)", instanceId, e.getMessage());
            }
            lock.close();
        }
    }

    private boolean becomeLeader() {
        publisher.abandon();
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
     * The next events after the checkpoint, once they are durable: appends may commit asynchronously and wait for the
     * WAL flush afterwards, so a just-visible event could still be undone by a database crash; it must not reach Kafka
     * before it is safe (see {@link EventLog#awaitDurable}).
     */
    private List<RecordedEvent> readBatch() {
        try {
            List<RecordedEvent> batch = log.readAll(lock.leaderConnection(), checkpoint, settings.batchSize())
                    .await().atMost(settings.ackTimeout());
            if (!batch.isEmpty()) {
                log.awaitDurable(lock.leaderConnection()).await().atMost(settings.ackTimeout());
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

    private void awaitWakeup(Duration timeout) throws InterruptedException {
        if (wakeups.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!settings.linger().isZero()) {
                // Under a steady load each batch otherwise carries one command's events: a read, a barrier, a Kafka
                // request (and a fetch by every view) and a checkpoint each.
                stopSignal.await(settings.linger().toNanos(), TimeUnit.NANOSECONDS);
            }
            wakeups.drainPermits();
        }
    }

    /** Sleeps unless stopped meanwhile; append notifications do not shorten it (a standby ignores them). */
    private void pause(Duration delay) throws InterruptedException {
        stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
