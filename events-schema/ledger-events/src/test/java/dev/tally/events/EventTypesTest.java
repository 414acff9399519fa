package dev.tally.events;

import dev.tally.envelope.EventSchemaException;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTypesTest {

    private final EventTypes types = EventTypes.ledger();

    @Test
    void everyPermittedEventClassIsRegisteredUnderItsSimpleName() {
        Set<Class<?>> permitted = Set.of(LedgerEvent.class.getPermittedSubclasses());
        assertEquals(permitted, types.all().stream().map(EventType::javaType).collect(Collectors.toSet()));
        for (EventType type : types.all()) {
            assertEquals(type.javaType().getSimpleName(), type.name());
            assertEquals(type, types.byName(type.name()));
            assertEquals("dev.tally.ledger." + type.name(), type.cloudEventType());
        }
    }

    @Test
    void currentVersions() {
        assertEquals(2, types.currentVersion("AccountOpened"));
        assertEquals(1, types.currentVersion("MoneyDeposited"));
        assertEquals("TransferSent", types.nameOf(SampleEvents.all().get(3)));
    }

    @Test
    void everyEventSurvivesARoundTrip() {
        for (LedgerEvent event : SampleEvents.all()) {
            String name = types.nameOf(event);
            byte[] json = types.serialize(event);
            assertEquals(event, types.deserialize(name, types.currentVersion(name), json));
        }
    }

    @Test
    void theStoredFormIsPlainJsonWithIntegerMoney() {
        JsonNode json = JsonSchemas.parse(types.serializeToString(
                new TransferSent("a1", "t1", "a2", 12_345_678_901_234L, "JPY", "r")));
        assertEquals(Set.of("accountId", "transferId", "toAccountId", "amount", "currency", "reference"),
                toSet(json.fieldNames()), "no type tags, no derived values such as balanceEffect");
        assertTrue(json.get("amount").isIntegralNumber());
        assertEquals(12_345_678_901_234L, json.get("amount").longValue());
    }

    @Test
    void balanceEffectIsSignedByDirection() {
        assertEquals(List.of(0L, 125_00L, -40_00L, -12_34L, 12_34L, 0L, 0L, 0L),
                SampleEvents.all().stream().map(LedgerEvent::balanceEffect).collect(Collectors.toList()));
    }

    @Test
    void unknownPropertiesAreIgnoredSoOlderReadersSurviveAdditiveChanges() {
        LedgerEvent event = types.deserialize("MoneyDeposited", 1,
                "{\"accountId\":\"a1\",\"amount\":5,\"currency\":\"EUR\",\"reference\":\"r\",\"channel\":\"atm\"}");
        assertEquals(new MoneyDeposited("a1", 5, "EUR", "r"), event);
    }

    @Test
    void readersAreStrictAboutMoney() {
        for (String bad : List.of(
                "{\"accountId\":\"a1\",\"currency\":\"EUR\",\"reference\":\"r\"}",                // amount missing
                "{\"accountId\":\"a1\",\"amount\":null,\"currency\":\"EUR\",\"reference\":\"r\"}", // amount null
                "{\"accountId\":\"a1\",\"amount\":10.5,\"currency\":\"EUR\",\"reference\":\"r\"}", // fraction
                "{\"accountId\":\"a1\",\"amount\":\"10\",\"currency\":\"EUR\",\"reference\":\"r\"}", // string
                "{\"accountId\":\"a1\",\"amount\":10,\"currency\":\"EUR\"}",                      // reference missing
                "[1,2]",
                "not json")) {
            EventSchemaException e = assertThrows(EventSchemaException.class,
                    () -> types.deserialize("MoneyDeposited", 1, bad), bad);
            assertTrue(e.getMessage().startsWith("payload of MoneyDeposited v1 does not match its type"), e.getMessage());
        }
    }

    @Test
    void singleFieldEventsAreReadAsObjects() {
        assertEquals(new AccountClosed("a1"), types.deserialize("AccountClosed", 1, "{\"accountId\":\"a1\"}"));
        assertThrows(EventSchemaException.class, () -> types.deserialize("AccountClosed", 1, "\"a1\""));
    }

    @Test
    void unknownTypesAndVersionsAreRejectedClearly() {
        EventSchemaException unknownType = assertThrows(EventSchemaException.class,
                () -> types.deserialize("MoneyPrinted", 1, "{}"));
        assertEquals("unknown event type 'MoneyPrinted'", unknownType.getMessage());
        EventSchemaException newer = assertThrows(EventSchemaException.class,
                () -> types.deserialize("MoneyDeposited", 2, "{}"));
        assertEquals("unknown version 2 of MoneyDeposited (known: 1..1)", newer.getMessage());
        assertThrows(EventSchemaException.class, () -> types.deserialize("AccountOpened", 0, "{}"));
    }

    @Test
    void aRegistryMissingAnUpcasterDoesNotStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventTypes(
                List.of(new EventType("AccountOpened", AccountOpened.class, 2)), List.of()));
        assertEquals("no upcaster from AccountOpened v1", e.getMessage());
    }

    @Test
    void schemaResourcesFollowTheNamingScheme() {
        assertEquals("schemas/ledger/AccountOpened.v2.json", EventTypes.schemaResource("AccountOpened", 2));
        assertEquals("schemas/ledger/MoneyDeposited.v1.json", types.byName("MoneyDeposited").schemaResource(1));
    }

    private static Set<String> toSet(Iterator<String> it) {
        Set<String> names = new TreeSet<>();
        it.forEachRemaining(names::add);
        return names;
    }
}
