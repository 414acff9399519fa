package dev.tally.views.audit;

import dev.tally.engines.log.Topics;
import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the ledger topic with several partitions, as the write side's relay does, before the service starts,
 * so tests see events of different accounts on different partitions (a broker would auto-create it with one).
 */
public class LedgerTopic implements QuarkusTestResourceLifecycleManager {

    static final String TOPIC = "tally.ledger.events";
    static final int PARTITIONS = 6;

    @Override
    public Map<String, String> start() {
        Topics.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealEngines.bootstrapServers()),
                new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty()));
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
