package dev.tally.faults;

import dev.tally.engines.log.TopicScan;
import dev.tally.system.TallySystem;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The whole ledger topic, read from the beginning to its end offsets: how many times each position is on it. */
final class LogRecord {

    static final String TOPIC = "tally.ledger.events";

    final Map<Long, Integer> copiesByPosition = new HashMap<>();

    static LogRecord read(TallySystem system) {
        LogRecord record = new LogRecord();
        Map<String, Object> kafka = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
        for (long position : TopicScan.positions(kafka, TOPIC)) {
            record.copiesByPosition.merge(position, 1, Integer::sum);
        }
        return record;
    }

    long duplicates() {
        return copiesByPosition.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    }
}
