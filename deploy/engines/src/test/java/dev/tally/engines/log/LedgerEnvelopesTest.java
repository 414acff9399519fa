package dev.tally.engines.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.MoneyDeposited;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerEnvelopesTest {

    @Test
    void wrapsTheEventOnItsAccountStream() {
        MoneyDeposited event = new MoneyDeposited("acc-1", 500, "EUR", "salary");
        Instant time = Instant.parse("2026-02-01T00:00:00Z");
        EventEnvelope envelope = LedgerEnvelopes.of(event, new Slot(3, 7), time, "corr-7", null, "test");
        EventTypes types = EventTypes.ledger();
        assertEquals("acc-1", envelope.streamId());
        assertEquals(3, envelope.streamVersion());
        assertEquals(7, envelope.position());
        assertEquals(types.nameOf(event), envelope.type());
        assertEquals(types.currentVersion(types.nameOf(event)), envelope.schemaVersion());
        assertEquals(time, envelope.time());
        assertEquals("corr-7", envelope.correlationId());
        assertNull(envelope.causationId());
        assertEquals("test", envelope.actor());
        assertEquals(event, types.deserialize(envelope));
    }
}
