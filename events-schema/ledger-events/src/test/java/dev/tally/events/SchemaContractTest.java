package dev.tally.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event schema contract. {@code src/test/resources/published-schemas/} holds a frozen copy of every schema
 * version ever released; these tests fail when a shipped schema drifts from it incompatibly, when the Java records
 * drift from their schema, or when what Jackson writes is not valid under the schema.
 */
class SchemaContractTest {

    private final EventTypes types = EventTypes.ledger();

    @Test
    void everyPublishedVersionIsStillShippedAndOnlyChangedCompatibly() {
        List<String> published = JsonSchemas.fileNames(JsonSchemas.PUBLISHED_SCHEMAS);
        assertTrue(published.size() >= 9, "published snapshot looks empty: " + published);
        List<String> problems = new ArrayList<>();
        for (String file : published) {
            if (!Files.exists(JsonSchemas.MAIN_SCHEMAS.resolve(file))) {
                problems.add(file + ": published but no longer shipped");
                continue;
            }
            SchemaCompatibility.compare(
                            JsonSchemas.read(JsonSchemas.PUBLISHED_SCHEMAS.resolve(file)),
                            JsonSchemas.read(JsonSchemas.MAIN_SCHEMAS.resolve(file)))
                    .forEach(p -> problems.add(file + ": " + p
                            + " (incompatible: publish a new version with an upcaster instead)"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyShippedVersionIsPublished() {
        Set<String> unpublished = new TreeSet<>(JsonSchemas.fileNames(JsonSchemas.MAIN_SCHEMAS));
        unpublished.removeAll(JsonSchemas.fileNames(JsonSchemas.PUBLISHED_SCHEMAS));
        assertEquals(Set.of(), unpublished,
                "copy new schema versions to src/test/resources/published-schemas/ledger: they are now part of the contract");
    }

    @Test
    void everyRegisteredVersionHasASchemaAndEverySchemaARegisteredVersion() {
        Set<String> expected = new TreeSet<>();
        for (EventType type : types.all()) {
            for (int v = 1; v <= type.currentVersion(); v++) {
                expected.add(type.name() + ".v" + v + ".json");
                JsonSchemas.shipped(type.name(), v); // on the classpath, not only in the source folder
            }
        }
        assertEquals(expected, new TreeSet<>(JsonSchemas.fileNames(JsonSchemas.MAIN_SCHEMAS)));
    }

    @Test
    void everyRecordMatchesTheSchemaOfItsCurrentVersion() {
        List<String> problems = new ArrayList<>();
        for (EventType type : types.all()) {
            JsonNode schema = JsonSchemas.shipped(type.name(), type.currentVersion());
            @SuppressWarnings("unchecked")
            Class<? extends Record> record = (Class<? extends Record>) type.javaType();
            SchemaCompatibility.recordMatchesSchema(record, schema).forEach(p -> problems.add(type.name() + ": " + p));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void whatJacksonWritesIsValidUnderTheCurrentSchema() {
        Set<Class<?>> sampled = SampleEvents.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(types.all().stream().map(EventType::javaType).collect(Collectors.toSet()), sampled,
                "every event type needs a sample");
        for (LedgerEvent event : SampleEvents.all()) {
            EventType type = types.of(event);
            JsonNode json = JsonSchemas.parse(types.serializeToString(event));
            assertEquals(List.of(), JsonSchemas.validate(JsonSchemas.shipped(type.name(), type.currentVersion()), json),
                    type.name() + " " + json);
        }
    }

    @Test
    void everySchemaIsAValidDraft202012Schema() {
        for (String file : JsonSchemas.fileNames(JsonSchemas.MAIN_SCHEMAS)) {
            JsonNode schema = JsonSchemas.read(JsonSchemas.MAIN_SCHEMAS.resolve(file));
            assertEquals(List.of(), JsonSchemas.validateAgainstMetaSchema(schema), file);
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), file);
            assertEquals(false, schema.path("additionalProperties").asBoolean(true), file + " must be closed");
        }
    }

    @Test
    void schemasRejectWhatTheLedgerMustNeverStore() {
        JsonNode schema = JsonSchemas.shipped("MoneyDeposited", 1);
        String valid = "{\"accountId\":\"a1\",\"amount\":100,\"currency\":\"EUR\",\"reference\":\"\"}";
        assertEquals(List.of(), JsonSchemas.validate(schema, JsonSchemas.parse(valid)));
        for (String invalid : List.of(
                "{\"accountId\":\"a1\",\"amount\":0,\"currency\":\"EUR\",\"reference\":\"\"}",
                "{\"accountId\":\"a1\",\"amount\":-5,\"currency\":\"EUR\",\"reference\":\"\"}",
                "{\"accountId\":\"a1\",\"amount\":10.5,\"currency\":\"EUR\",\"reference\":\"\"}",
                "{\"accountId\":\"a1\",\"amount\":\"100\",\"currency\":\"EUR\",\"reference\":\"\"}",
                "{\"accountId\":\"a1\",\"amount\":100,\"currency\":\"eur\",\"reference\":\"\"}",
                "{\"accountId\":\"a1\",\"amount\":100,\"currency\":\"EURO\",\"reference\":\"\"}",
                "{\"accountId\":\"\",\"amount\":100,\"currency\":\"EUR\",\"reference\":\"\"}",
                "{\"accountId\":\"a1\",\"amount\":100,\"currency\":\"EUR\"}",
                "{\"accountId\":\"a1\",\"amount\":100,\"currency\":\"EUR\",\"reference\":\"" + "x".repeat(141) + "\"}",
                "{\"accountId\":\"a1\",\"amount\":100,\"currency\":\"EUR\",\"reference\":\"\",\"balance\":100}")) {
            assertTrue(!JsonSchemas.validate(schema, JsonSchemas.parse(invalid)).isEmpty(), "accepted " + invalid);
        }
    }
}
