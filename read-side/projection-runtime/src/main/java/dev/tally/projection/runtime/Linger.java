package dev.tally.projection.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Lets a small live batch grow for a moment before it is folded: a batch's transaction costs about the same for one
 * event as for fifty, so under a steady load folding what arrives within a few milliseconds together divides the
 * view's (and PostgreSQL's) work per event by the batch size, for at most {@code live-linger} of added latency. An
 * idle view pays nothing (the linger starts only once a record arrived); a full batch (catch-up, rebuilds) does not
 * linger at all.
 * <p>
 * The extra polls may run a rebalance: records of partitions this consumer no longer owns are dropped (their new
 * owner reads them from the checkpoint); a wake-up (stop, switch-over) ends the linger and the batch in hand is
 * folded, the caller's flags are read on the next round as usual.
 */
final class Linger {

    private Linger() {
    }

    static ConsumerRecords<byte[], byte[]> gather(KafkaConsumer<byte[], byte[]> consumer,
                                                  ConsumerRecords<byte[], byte[]> first, Duration linger, int maxBatch) {
        if (linger.isZero() || first.count() >= maxBatch) {
            return first;
        }
        List<ConsumerRecords<byte[], byte[]>> polls = new ArrayList<>();
        polls.add(first);
        int count = first.count();
        long deadline = System.nanoTime() + linger.toNanos();
        try {
            for (long left = linger.toNanos(); left > 0 && count < maxBatch; left = deadline - System.nanoTime()) {
                ConsumerRecords<byte[], byte[]> more = consumer.poll(Duration.ofNanos(left));
                if (!more.isEmpty()) {
                    polls.add(more);
                    count += more.count();
                }
            }
        } catch (WakeupException e) {
            // stop() or a switch-over: fold what is in hand; the loop looks at its flags after this round
        }
        return polls.size() == 1 ? first : merged(polls, consumer.assignment());
    }

    /** The polls' records per partition, in poll order (offsets stay increasing), of partitions still assigned. */
    private static ConsumerRecords<byte[], byte[]> merged(List<ConsumerRecords<byte[], byte[]>> polls,
                                                          Set<TopicPartition> assigned) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecords<byte[], byte[]> poll : polls) {
            for (TopicPartition tp : poll.partitions()) {
                if (assigned.contains(tp)) {
                    records.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(poll.records(tp));
                }
            }
            poll.nextOffsets().forEach((tp, offset) -> {
                if (assigned.contains(tp)) {
                    next.put(tp, offset);
                }
            });
        }
        return new ConsumerRecords<>(records, next);
    }
}
