package dev.tally.projection;

import dev.tally.envelope.EventEnvelope;

/**
 * One event to apply: its envelope (stream id and version, global position, time, metadata) and its decoded form.
 *
 * @param envelope the event's envelope as read from the log
 * @param event    what {@link Projection#decode} returned (never null here)
 * @param <E>      the decoded event type
 */
public record Applied<E>(EventEnvelope envelope, E event) {
}
