package dev.tally.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helper: loads schema files and validates JSON against them (draft 2020-12). */
final class JsonSchemas {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MAIN_SCHEMAS = Path.of("src/main/resources", EventTypes.SCHEMA_DIRECTORY);
    static final Path PUBLISHED_SCHEMAS = Path.of("src/test/resources/published-schemas/ledger");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** Schema of one type and version, as shipped on the classpath. */
    static JsonNode shipped(String name, int version) {
        String resource = EventTypes.schemaResource(name, version);
        try (InputStream in = EventTypes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no schema on the classpath at " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File names ({@code Name.vN.json}) in a schema folder. */
    static List<String> fileNames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validation messages of {@code instance} against {@code schema}; empty when valid. */
    static List<String> validate(JsonNode schema, JsonNode instance) {
        Schema compiled = REGISTRY.getSchema(schema);
        return compiled.validate(instance).stream().map(Error::toString).collect(Collectors.toList());
    }

    /** Validation messages of a schema document against the draft 2020-12 meta-schema. */
    static List<String> validateAgainstMetaSchema(JsonNode schema) {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        return meta.validate(schema).stream().map(Error::toString).collect(Collectors.toList());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonSchemas() {
    }
}
