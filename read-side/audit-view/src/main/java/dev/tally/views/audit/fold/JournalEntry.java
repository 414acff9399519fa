package dev.tally.views.audit.fold;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the journal: the event's envelope, its signed effect on the balance and the balance after it.
 *
 * @param time     event time, truncated to microseconds (what PostgreSQL keeps)
 * @param amount   signed balance effect in minor units (0 for events that move no money)
 * @param currency the account's currency (null only if its opening event never reached this view)
 * @param data     the payload JSON as written
 */
public record JournalEntry(
        long position,
        UUID eventId,
        String type,
        int schemaVersion,
        String streamId,
        long streamVersion,
        Instant time,
        String correlationId,
        String causationId,
        String actor,
        long amount,
        String currency,
        long balanceAfter,
        String data) {
}
