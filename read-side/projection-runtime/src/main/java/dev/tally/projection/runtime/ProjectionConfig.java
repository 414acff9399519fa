package dev.tally.projection.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the projection runtime ({@code tally.projection.*}); a read service sets view, topic and group id. */
@ConfigMapping(prefix = "tally.projection")
public interface ProjectionConfig {

    /** The view's stable PostgreSQL schema, e.g. {@code accounts_view}; generations are {@code <view>_g<N>}. */
    String view();

    /** The log to fold. */
    String topic();

    /** The view's own consumer group (used for partition assignment only: offsets live in PostgreSQL). */
    String groupId();

    /** Off: no consumer, no generation set-up (queries still read whatever is there). */
    @WithDefault("true")
    boolean enabled();

    /** Most records folded in one transaction (max.poll.records). Catch-up batches are this large; live ones small. */
    @WithDefault("500")
    int maxBatch();

    /**
     * PostgreSQL {@code synchronous_commit} for batch transactions. {@code off} by default: a view is derived from
     * the log, so a batch lost in a database crash (its rows and its checkpoint together, never one without the
     * other) is simply folded again from the log; meanwhile commits do not wait for the WAL flush, which is what
     * bounds catch-up on slow disks. Set {@code on} where the view's tables must be durable on their own.
     */
    @WithDefault("off")
    String synchronousCommit();

    /**
     * Stream versions a consumer remembers so that batches need not read them from PostgreSQL (each entry costs
     * about 100 bytes); beyond this it forgets them all and reads again.
     */
    @WithDefault("100000")
    int versionCacheSize();

    /**
     * How long the broker holds a fetch for more records ({@code fetch.max.wait.ms}, with a {@code fetch.min.bytes}
     * of a full partition fetch: {@link KafkaSettings}): fewer, larger live batches for at most this much added
     * latency. 0: every record is fetched and folded at once. 20 ms: at 200 commands/s, 10 ms cost 40% more CPU per
     * command for 5 ms less at the median, 40 ms saved little more for 19 ms more (bench/results/
     * live-2026-12-07-fetch-linger.md). Keep it well below {@code kafka.request.timeout.ms}, which a held fetch must not
     * outlast: at or above it (or negative) the service refuses to start.
     */
    @WithDefault("20ms")
    Duration liveLinger();

    /**
     * While catching up, pause a partition that ran more than {@code max-batch} positions ahead of the frontier
     * until the others come level ({@link Leveller}): positions above the frontier are stored as pending, and
     * partitions read at the same pace in records drift apart in position. Off: every partition is read as fast as
     * it comes.
     */
    @WithDefault("true")
    boolean levelPartitions();

    /** How long one poll waits for records. */
    @WithDefault("200ms")
    Duration pollTimeout();

    /** How long a query waits for the view to reach a requested position before answering 503. */
    @WithDefault("3s")
    Duration readYourWritesTimeout();

    /**
     * Queries that may wait for read-your-writes at once (each holds a timer and its request); one more is answered
     * 503 at once, as if it had timed out, so a stalled view cannot gather waiters without bound.
     */
    @WithDefault("10000")
    int readYourWritesMaxWaiting();

    /** Where poison records go; default {@code <topic>.dlq.<view>}. */
    Optional<String> deadLetterTopic();

    /** Longest wait for one database transaction or one dead-letter acknowledgement before the batch is retried. */
    @WithDefault("30s")
    Duration operationTimeout();

    /** Back-off between retries of a failing batch: doubles from min to max. */
    @WithDefault("200ms")
    Duration retryBackoffMin();

    @WithDefault("5s")
    Duration retryBackoffMax();

    /** How often the frontier is re-read from PostgreSQL (LISTEN/NOTIFY is the fast path; this is the fallback). */
    @WithDefault("1s")
    Duration frontierRefreshInterval();

    /** How often end offsets are fetched for the lag figures. */
    @WithDefault("1s")
    Duration lagRefreshInterval();

    /** CATCHING_UP while the total lag exceeds this many records. */
    @WithDefault("1000")
    long catchingUpLag();

    /** Longest time the live consumer is held while a rebuild applies its last records and switches over. */
    @WithDefault("15s")
    Duration switchTimeout();

    /** Retired generations whose schemas are kept after a rebuild (older ones are dropped). */
    @WithDefault("1")
    int keepRetiredGenerations();

    /** Longest wait for the log's topic to exist before the consumer subscribes (it keeps waiting, just logs). */
    @WithDefault("30s")
    Duration topicWaitWarning();

    default String deadLetterTopicName() {
        return deadLetterTopic().orElse(topic() + ".dlq." + view());
    }
}
