package dev.tally.engines.log;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics the way a test or benchmark needs them, before anything writes to or reads from them, and returns
 * only once every partition's leader serves it.
 */
public final class Topics {

    private static final long TIMEOUT_SECONDS = 60;

    private Topics() {
    }

    /** Creates {@code topic}; fails if it exists already (a benchmark wants a fresh one). */
    public static void create(Map<String, Object> adminConfig, NewTopic topic) {
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitLeaders(admin, topic.name());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + topic.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create " + topic.name() + " in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Creates {@code topic} unless it exists (tests sharing a topic each ensure it; its creator waited). */
    public static void ensure(Map<String, Object> adminConfig, NewTopic topic) {
        try {
            create(adminConfig, topic);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Waits until the leader of every partition answers for it. A broker lists a new partition's leader in its
     * metadata a moment before it hosts the partition; an idempotent producer writing in that moment can have its
     * first request refused and a later one accepted, and then never gets the first one in (KAFKA-15591: those
     * records expire, the later ones stay). Listing offsets is refused in the same moment and retried by the admin
     * client, so once it answers for every partition, produce requests are accepted in order.
     */
    static void awaitLeaders(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
