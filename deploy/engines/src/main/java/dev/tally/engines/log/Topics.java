package dev.tally.engines.log;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics the way a test or benchmark needs them, before anything writes to or reads from them. */
public final class Topics {

    private static final long TIMEOUT_SECONDS = 60;

    private Topics() {
    }

    /** Creates {@code topic}; fails if it exists already (a benchmark wants a fresh one). */
    public static void create(Map<String, Object> adminConfig, NewTopic topic) {
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + topic.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create " + topic.name() + " in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Creates {@code topic} unless it exists (tests sharing a topic each ensure it). */
    public static void ensure(Map<String, Object> adminConfig, NewTopic topic) {
        try {
            create(adminConfig, topic);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
