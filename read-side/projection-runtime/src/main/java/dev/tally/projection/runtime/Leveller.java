package dev.tally.projection.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps a consumer's partitions level in log position while it catches up. Each partition holds its own share of the
 * log's positions, and a poll drains one partition's fetch at a time; read at the same pace in records, partitions
 * drift apart in position (their sizes differ), and every position above the frontier is stored as pending until all
 * below it are folded ({@code advance_frontier}). So after each committed batch a partition whose last folded position
 * is more than {@code window} above the frontier is paused, and resumed once the frontier comes within the window.
 * <p>
 * It never stalls the consumer: the partition holding the frontier's next position has not been read past it, so it
 * is never ahead; the partition furthest behind among those this consumer reads is never paused; and a poll that
 * brings nothing (the frontier waits for another replica's partitions, or the readable ones are at their end) resumes
 * them all ({@link #release}). A partition paused for anything else (a gap, a pending seek) is left alone, and every
 * reposition and gap first releases what this class paused, since positions read before a seek say nothing about
 * the partition after it.
 */
final class Leveller {

    private final long window;
    private final Map<TopicPartition, Long> lastPosition = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();

    /** {@code window} positions above the frontier a partition may run; 0 turns levelling off. */
    Leveller(long window) {
        this.window = window;
    }

    /** After a committed batch: records each partition's last folded position, then pauses and resumes. */
    void committed(KafkaConsumer<byte[], byte[]> consumer, String topic, BatchPlan<?> plan, long frontier) {
        if (window <= 0) {
            return;
        }
        plan.partitions().forEach((partition, step) -> {
            if (step.lastPosition() != null) {
                lastPosition.put(new TopicPartition(topic, partition), step.lastPosition());
            }
        });
        Set<TopicPartition> readable = new HashSet<>(consumer.assignment());
        Set<TopicPartition> pausedElsewhere = new HashSet<>(consumer.paused());
        pausedElsewhere.removeAll(paused);
        readable.removeAll(pausedElsewhere);
        Set<TopicPartition> ahead = ahead(readable, lastPosition, frontier, window);
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(ahead);
        resume.retainAll(readable);
        Set<TopicPartition> pause = new HashSet<>(ahead);
        pause.removeAll(paused);
        consumer.resume(resume);
        consumer.pause(pause);
        paused.removeAll(resume);
        paused.retainAll(readable);
        paused.addAll(pause);
    }

    /**
     * The partitions to hold back: those whose last folded position is more than {@code window} above the frontier,
     * except the one furthest behind. A partition nothing was folded from since it was (re)positioned is never held
     * back, and counts as furthest behind: a consumer drains one partition's fetch before the next, so the others are
     * unknown at first.
     */
    static Set<TopicPartition> ahead(Collection<TopicPartition> readable, Map<TopicPartition, Long> lastPosition,
                                     long frontier, long window) {
        TopicPartition behind = null;
        long lowest = Long.MAX_VALUE;
        for (TopicPartition tp : readable) {
            Long last = lastPosition.get(tp);
            if (last == null) {
                behind = null;
                lowest = Long.MIN_VALUE;
            } else if (last < lowest) {
                behind = tp;
                lowest = last;
            }
        }
        Set<TopicPartition> ahead = new HashSet<>();
        for (TopicPartition tp : readable) {
            Long last = lastPosition.get(tp);
            if (last != null && last - frontier > window && !tp.equals(behind)) {
                ahead.add(tp);
            }
        }
        return ahead;
    }

    /** Resumes what it paused (of the partitions still assigned) and forgets every position: levelling starts over. */
    void release(KafkaConsumer<byte[], byte[]> consumer) {
        if (!paused.isEmpty()) {
            Set<TopicPartition> resume = new HashSet<>(paused);
            resume.retainAll(consumer.assignment());
            consumer.resume(resume);
        }
        paused.clear();
        lastPosition.clear();
    }

    /** Partitions taken away by a rebalance: nothing to resume, nothing to remember. */
    void revoked(Collection<TopicPartition> partitions) {
        paused.removeAll(partitions);
        partitions.forEach(lastPosition::remove);
    }
}
