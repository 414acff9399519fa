package dev.tally.events;

import dev.tally.envelope.EventSchemaException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * AccountOpened v1 (before overdrafts) is read as the current v2 record. The stored v1 payload below is what the
 * v1 writer produced; it must stay readable forever.
 */
class UpcastingTest {

    private static final String STORED_V1 =
            "{\"accountId\":\"acc-1\",\"ownerId\":\"user-9\",\"currency\":\"GBP\"}";

    private final EventTypes types = EventTypes.ledger();

    @Test
    void aStoredV1AccountOpenedIsReadAsV2WithNoOverdraft() {
        LedgerEvent event = types.deserialize("AccountOpened", 1, STORED_V1);
        assertEquals(new AccountOpened("acc-1", "user-9", "GBP", 0L), event);
    }

    @Test
    void theV1PayloadIsValidV1AndItsUpcastIsValidV2() {
        JsonNode v1 = JsonSchemas.parse(STORED_V1);
        assertEquals(List.of(), JsonSchemas.validate(JsonSchemas.shipped("AccountOpened", 1), v1));
        assertFalse(JsonSchemas.validate(JsonSchemas.shipped("AccountOpened", 2), v1).isEmpty(),
                "v1 lacks a field v2 requires, which is why it needed a new version");
        ObjectNode upcast = types.upcastToCurrent("AccountOpened", 1, (ObjectNode) v1.deepCopy());
        assertEquals(List.of(), JsonSchemas.validate(JsonSchemas.shipped("AccountOpened", 2), upcast));
        assertEquals(0L, upcast.get("overdraftLimit").longValue());
    }

    @Test
    void theCurrentVersionIsReadAsIs() {
        LedgerEvent event = types.deserialize("AccountOpened", 2,
                "{\"accountId\":\"acc-1\",\"ownerId\":\"user-9\",\"currency\":\"GBP\",\"overdraftLimit\":25000}");
        assertEquals(new AccountOpened("acc-1", "user-9", "GBP", 25_000L), event);
    }

    @Test
    void aV2PayloadWithoutItsOverdraftLimitIsCorruptNotDefaulted() {
        // Only a v1 payload may lack the field; a v2 one without it is broken and must not become a 0 limit silently.
        assertThrows(EventSchemaException.class,
                () -> types.deserialize("AccountOpened", 2, STORED_V1));
    }
}
