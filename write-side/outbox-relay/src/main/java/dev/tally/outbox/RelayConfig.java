package dev.tally.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code tally.relay.*}: the outbox relay from the event store to Kafka. Extra Kafka producer properties can be given
 * as {@code tally.relay.producer.<kafka property>} (e.g. {@code tally.relay.producer.linger.ms=1}); they apply over the
 * application's {@code kafka.*} settings. Idempotence, {@code acks=all} and at most 5 in-flight requests are always
 * enforced.
 */
@ConfigMapping(prefix = "tally.relay")
public interface RelayConfig {

    /** Start the relay with the application. Off, it can still be started through {@link OutboxRelayService#start()}. */
    @WithDefault("true")
    boolean enabled();

    /** The one topic every event goes to (keyed by stream id). Required: it names the host's log. */
    String topic();

    /** Partitions when the relay creates the topic (never changed on an existing topic). */
    @WithDefault("6")
    int partitions();

    /** Replication factor when the relay creates the topic. */
    @WithDefault("1")
    short replicationFactor();

    /** CloudEvents {@code source} of every event (a URI reference naming the host, e.g. {@code /shop/orders}). Required. */
    String source();

    /**
     * CloudEvents {@code type} = this prefix + the stored event type (reverse-DNS, e.g. {@code com.example.orders.}).
     * Required.
     */
    String typePrefix();

    /** Look for new events at least this often even without a notification. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * After a notification wakes a relay that had read the log to its end, how long it waits before reading, so that
     * the appends of the next few milliseconds go out in the same batch (one read, one barrier, one Kafka request and
     * one checkpoint for all of them) for at most this much added publication latency. 0 reads at once.
     */
    @WithDefault("5ms")
    Duration linger();

    /** Most events read and sent before waiting for their acknowledgements. */
    @WithDefault("500")
    int batchSize();

    /** Name of this relay's checkpoint row (one per topic if several relays run). */
    @WithDefault("kafka")
    String name();

    /** PostgreSQL advisory lock key electing the single active relay ("tally" in ASCII). */
    @WithDefault("499850701945")
    long lockKey();

    /** How often a standby replica tries to take the lock, and how soon it reconnects a broken lock connection. */
    @WithDefault("2s")
    Duration leaderRetryInterval();

    /** First back-off after a failed batch; doubles up to {@link #retryBackoffMax()}. */
    @WithDefault("200ms")
    Duration retryBackoffMin();

    @WithDefault("10s")
    Duration retryBackoffMax();

    /** A batch not fully acknowledged within this time is abandoned and retried from the checkpoint. */
    @WithDefault("30s")
    Duration ackTimeout();

    /** How long {@link OutboxRelayService#stop()} waits for the in-flight batch before abandoning it. */
    @WithDefault("5s")
    Duration shutdownTimeout();

    /** How often the metrics re-read the log's head and the stored checkpoint (the outbox backlog, {@link RelayMetrics}). */
    @WithDefault("5s")
    Duration backlogRefreshInterval();
}
