package dev.tally.projection.runtime;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Sends poison records to the dead-letter topic: same key, value and headers, plus {@code dlq_reason},
 * {@code dlq_view}, {@code dlq_generation}, {@code dlq_source_topic}, {@code dlq_source_partition} and
 * {@code dlq_source_offset}. Called from a consumer thread before the batch commits, waiting for the broker's
 * acknowledgement (acks=all); a retried batch sends again, so a consumer of the dead-letter topic should treat
 * (source topic, partition, offset) as the record's identity.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    public static final String REASON = "dlq_reason";
    public static final String VIEW = "dlq_view";
    public static final String GENERATION = "dlq_generation";
    public static final String SOURCE_TOPIC = "dlq_source_topic";
    public static final String SOURCE_PARTITION = "dlq_source_partition";
    public static final String SOURCE_OFFSET = "dlq_source_offset";

    private final Map<String, Object> kafkaConfig;
    private final ProjectionConfig config;
    private KafkaProducer<byte[], byte[]> producer;

    DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ProjectionConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    public String topic() {
        return config.deadLetterTopicName();
    }

    /** Sends every record and waits for all acknowledgements; throws if any is not acknowledged in time. */
    public <E> void send(List<Incoming<E>> poison, int generation, Duration timeout) {
        if (poison.isEmpty()) {
            return;
        }
        KafkaProducer<byte[], byte[]> p = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Incoming<E> in : poison) {
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic(), null, in.record().key(), in.record().value());
            for (Header header : in.record().headers()) {
                out.headers().add(header);
            }
            out.headers().add(REASON, utf8(in.reason()));
            out.headers().add(VIEW, utf8(config.view()));
            out.headers().add(GENERATION, utf8(Integer.toString(generation)));
            out.headers().add(SOURCE_TOPIC, utf8(in.record().topic()));
            out.headers().add(SOURCE_PARTITION, utf8(Integer.toString(in.partition())));
            out.headers().add(SOURCE_OFFSET, utf8(Long.toString(in.offset())));
            sent.add(p.send(out));
            LOG.warnf("dead-lettering %s-%d@%d to %s: %s", in.record().topic(), in.partition(), in.offset(), topic(),
                    in.reason());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("dead-letter topic " + topic() + " did not acknowledge: " + e, e);
            }
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            ensureTopic();
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.keySet().removeIf(k -> k.startsWith("group.") || k.contains("deserializer"));
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, config.view() + "-dead-letters");
            // send() must not block the consumer thread longer than a batch may take.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.operationTimeout().toMillis());
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Creates the dead-letter topic with the broker's defaults if it is missing (brokers may forbid auto-creation). */
    private void ensureTopic() {
        try (Admin admin = Admin.create(KafkaSettings.admin(kafkaConfig, config.view() + "-dead-letter-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic(), java.util.Optional.empty(), java.util.Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.infof("created dead-letter topic %s", topic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("could not create dead-letter topic %s (sending anyway): %s", topic(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warnf("timed out creating dead-letter topic %s (sending anyway)", topic());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static byte[] utf8(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
