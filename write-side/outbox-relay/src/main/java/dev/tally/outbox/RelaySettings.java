package dev.tally.outbox;

import java.time.Duration;
import java.util.Map;

/** An immutable copy of {@link RelayConfig}, so extra relay instances (tests, tools) can vary a setting. */
public record RelaySettings(String topic, int partitions, short replicationFactor, String source, String typePrefix,
                            Duration pollInterval, Duration linger, int batchSize, String name, long lockKey,
                            Duration leaderRetryInterval, Duration retryBackoffMin, Duration retryBackoffMax,
                            Duration ackTimeout, Duration shutdownTimeout, Map<String, String> producer) {

    public RelaySettings {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("tally.relay.linger must not be negative");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("tally.relay.batch-size must be >= 1");
        }
        producer = Map.copyOf(producer);
    }

    /** @param producer the {@code tally.relay.producer.*} properties, prefix removed */
    public static RelaySettings from(RelayConfig config, Map<String, String> producer) {
        return new RelaySettings(config.topic(), config.partitions(), config.replicationFactor(), config.source(),
                config.typePrefix(), config.pollInterval(), config.linger(), config.batchSize(), config.name(),
                config.lockKey(), config.leaderRetryInterval(), config.retryBackoffMin(), config.retryBackoffMax(),
                config.ackTimeout(), config.shutdownTimeout(), producer);
    }

    public RelaySettings withLeaderRetryInterval(Duration interval) {
        return new RelaySettings(topic, partitions, replicationFactor, source, typePrefix, pollInterval, linger,
                batchSize, name, lockKey, interval, retryBackoffMin, retryBackoffMax, ackTimeout, shutdownTimeout,
                producer);
    }
}
