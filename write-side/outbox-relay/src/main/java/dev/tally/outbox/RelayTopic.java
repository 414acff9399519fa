package dev.tally.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the relay's topic if it is missing ({@code partitions}, {@code replication-factor}, unlimited retention: it
 * is the log consumers replay); never changes an existing one. Checked once per relay, before the first publish, which
 * waits until every partition's leader serves it.
 */
final class RelayTopic {

    private static final Logger LOG = Logger.getLogger(RelayTopic.class);

    private final RelaySettings settings;
    private final Map<String, Object> kafkaConfig;
    private boolean ready;

    RelayTopic(RelaySettings settings, Map<String, Object> kafkaConfig) {
        this.settings = settings;
        this.kafkaConfig = kafkaConfig;
    }

    void ensureExists() throws InterruptedException, ExecutionException, TimeoutException {
        if (ready) {
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
            awaitLeaders(admin, timeoutMs);
        } finally {
            // Bounded: with the broker down, a plain close() would wait for the abandoned calls to time out.
            admin.close(Duration.ofSeconds(1));
        }
        ready = true;
    }

    /**
     * Returns once the leader of every partition answers for it. A broker lists a new partition's leader a moment
     * before it hosts the partition; the idempotent producer's first request in that moment is refused while a later
     * one can be accepted, and the first one then never gets in (KAFKA-15591): events out of order on the log. Listing
     * offsets is refused in the same moment and retried by the admin client.
     */
    private void awaitLeaders(Admin admin, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(settings.topic())).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(settings.topic()).partitions()
                .forEach(p -> latest.put(new TopicPartition(settings.topic(), p.partition()), OffsetSpec.latest()));
        admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
