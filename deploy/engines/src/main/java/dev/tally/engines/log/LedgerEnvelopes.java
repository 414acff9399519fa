package dev.tally.engines.log;

import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import java.time.Instant;
import java.util.UUID;

/** A ledger event in its envelope as the write side stores it: its type name, current schema version and JSON. */
public final class LedgerEnvelopes {

    private static final EventTypes TYPES = EventTypes.ledger();

    private LedgerEnvelopes() {
    }

    /** {@code event} on its account's stream at {@code slot}, with a random event id. */
    public static EventEnvelope of(LedgerEvent event, Slot slot, Instant time, String correlationId,
                                   String causationId, String actor) {
        return of(UUID.randomUUID(), event, slot.version(), slot.position(), time, correlationId, causationId, actor);
    }

    /** {@code event} on its account's stream with every envelope field given (e.g. a seeded event id). */
    public static EventEnvelope of(UUID eventId, LedgerEvent event, long version, long position, Instant time,
                                   String correlationId, String causationId, String actor) {
        String type = TYPES.nameOf(event);
        return new EventEnvelope(eventId, type, TYPES.currentVersion(type), event.accountId(), version, position, time,
                correlationId, causationId, null, actor, TYPES.serialize(event));
    }
}
