package dev.tally.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar carries GraalVM reachability metadata (picked up by native-image from any jar on the class path) so that
 * services reading events through {@link EventTypes} need no reflection registration of their own.
 */
class NativeImageConfigTest {

    private static final String DIR = "META-INF/native-image/dev.tally/tally-events-schema/";

    @Test
    void everyEventRecordIsRegisteredForReflection() throws IOException {
        JsonNode config = load(DIR + "reflect-config.json");
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : config) {
            registered.add(entry.get("name").asText());
            for (String access : new String[] {"allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields"}) {
                assertTrue(entry.path(access).asBoolean(), entry.get("name").asText() + " lacks " + access);
            }
        }
        Set<String> permitted = new TreeSet<>();
        for (Class<?> type : LedgerEvent.class.getPermittedSubclasses()) {
            permitted.add(type.getName());
        }
        Set<String> known = new TreeSet<>();
        for (EventType type : EventTypes.ledger().all()) {
            known.add(type.javaType().getName());
        }
        assertEquals(permitted, registered, "every LedgerEvent record, and nothing else");
        assertEquals(known, registered, "every type the registry (de)serialises");
    }

    @Test
    void schemasAreIncludedAsResources() throws IOException {
        JsonNode config = load(DIR + "resource-config.json");
        String pattern = config.path("resources").path("includes").get(0).path("pattern").asText();
        for (EventType type : EventTypes.ledger().all()) {
            for (int version = 1; version <= type.currentVersion(); version++) {
                String schema = type.schemaResource(version);
                assertTrue(schema.matches(pattern), schema + " does not match " + pattern);
                assertNotNull(getClass().getClassLoader().getResource(schema), schema);
            }
        }
    }

    private static JsonNode load(String resource) throws IOException {
        try (InputStream in = NativeImageConfigTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return JsonSchemas.JSON.readTree(in);
        }
    }
}
