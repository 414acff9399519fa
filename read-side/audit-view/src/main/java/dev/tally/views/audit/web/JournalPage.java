package dev.tally.views.audit.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page of the journal.
 *
 * @param events    events with {@code after < position <= frontier}, ascending, at most {@code limit}
 * @param nextAfter the {@code after} of the next page: the last position shown, or the frontier when the page
 *                  reached it (positions of dead-lettered or skipped events have no entry and are passed over)
 * @param frontier  every position up to here has been handled by the view; nothing beyond it is shown
 */
@RegisterForReflection
public record JournalPage(List<Event> events, long nextAfter, long frontier) {

    /**
     * One event of the journal.
     *
     * @param amount       signed effect on the account's balance, in minor units
     * @param balanceAfter the account's balance after this event, in minor units
     * @param data         the event payload as written
     */
    @RegisterForReflection
    public record Event(
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
            @JsonRawValue String data) {
    }
}
