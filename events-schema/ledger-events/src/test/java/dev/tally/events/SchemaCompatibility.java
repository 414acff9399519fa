package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compatibility rules for event schemas, as a checker that returns human-readable problems.
 *
 * <p>A published schema version is a contract: events stored under it stay in the log forever and readers in the
 * field parse it. An edit of the same version is compatible only if
 * <ul>
 *   <li>no property is removed,</li>
 *   <li>no property changes type or constraints (pattern, bounds, lengths...): annotations such as
 *       {@code description} may change,</li>
 *   <li>the {@code required} list is unchanged: no new required property (old events lack it) and no required
 *       property made optional (readers rely on it),</li>
 *   <li>other top-level keywords ({@code type}, {@code additionalProperties}, {@code $id}...) are unchanged.</li>
 * </ul>
 * New optional properties are allowed. Anything else needs a new version and an upcaster.
 */
final class SchemaCompatibility {

    /** Keywords that document but do not constrain. */
    static final Set<String> ANNOTATIONS = Set.of("title", "description", "examples", "$comment", "deprecated");

    private SchemaCompatibility() {
    }

    /** Problems that make {@code current} an incompatible edit of {@code published}; empty when compatible. */
    static List<String> compare(JsonNode published, JsonNode current) {
        List<String> problems = new ArrayList<>();
        Set<String> topLevel = new TreeSet<>();
        published.fieldNames().forEachRemaining(topLevel::add);
        current.fieldNames().forEachRemaining(topLevel::add);
        topLevel.removeAll(ANNOTATIONS);
        topLevel.remove("properties");
        topLevel.remove("required");
        for (String keyword : topLevel) {
            if (!published.path(keyword).equals(current.path(keyword))) {
                problems.add("keyword '" + keyword + "' changed from " + published.path(keyword)
                        + " to " + current.path(keyword));
            }
        }

        JsonNode publishedProperties = published.path("properties");
        JsonNode currentProperties = current.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = publishedProperties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            if (!currentProperties.has(name)) {
                problems.add("field '" + name + "' removed");
                continue;
            }
            JsonNode before = withoutAnnotations(property.getValue());
            JsonNode after = withoutAnnotations(currentProperties.get(name));
            if (!before.path("type").equals(after.path("type"))) {
                problems.add("field '" + name + "' changed type from " + before.path("type") + " to " + after.path("type"));
            } else if (!before.equals(after)) {
                problems.add("field '" + name + "' changed its constraints from " + before + " to " + after);
            }
        }

        Set<String> requiredBefore = strings(published.path("required"));
        Set<String> requiredAfter = strings(current.path("required"));
        for (String name : requiredAfter) {
            if (!requiredBefore.contains(name)) {
                problems.add("new required field '" + name + "'");
            }
        }
        for (String name : requiredBefore) {
            if (!requiredAfter.contains(name)) {
                problems.add("field '" + name + "' is no longer required");
            }
        }
        return problems;
    }

    /**
     * Problems between a Java record and the JSON Schema of its current version: every component is a property of
     * the matching JSON type and vice versa, and the components marked {@code @JsonProperty(required = true)} are
     * exactly the schema's {@code required}.
     */
    static List<String> recordMatchesSchema(Class<? extends Record> type, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        if (!"object".equals(schema.path("type").asText())) {
            problems.add("schema type is " + schema.path("type") + ", not \"object\"");
        }
        JsonNode properties = schema.path("properties");
        Set<String> schemaRequired = strings(schema.path("required"));
        Set<String> components = new LinkedHashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            components.add(name);
            JsonProperty annotation = component.getAccessor().getAnnotation(JsonProperty.class);
            boolean required = annotation != null && annotation.required();
            if (!properties.has(name)) {
                problems.add("component '" + name + "' is missing from the schema");
                continue;
            }
            String expected = jsonType(component.getType());
            String actual = properties.get(name).path("type").asText();
            if (expected == null) {
                problems.add("component '" + name + "' has a Java type with no JSON counterpart here: "
                        + component.getType().getName());
            } else if (!expected.equals(actual)) {
                problems.add("component '" + name + "' is " + component.getType().getSimpleName()
                        + " (JSON " + expected + ") but the schema says " + actual);
            }
            if (required != schemaRequired.contains(name)) {
                problems.add("component '" + name + "' is " + (required ? "" : "not ") + "@JsonProperty(required = true)"
                        + " but the schema " + (required ? "does not require" : "requires") + " it");
            }
            if (component.getType().isPrimitive() && !required) {
                problems.add("primitive component '" + name + "' must be required (absence cannot be represented)");
            }
        }
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!components.contains(name)) {
                problems.add("schema property '" + name + "' has no record component");
            }
        }
        for (String name : schemaRequired) {
            if (!properties.has(name)) {
                problems.add("schema requires '" + name + "' but does not define it");
            }
        }
        return problems;
    }

    /** JSON Schema type of a Java component type; null if unsupported (floating point is deliberately absent). */
    static String jsonType(Class<?> javaType) {
        if (javaType == String.class || javaType == java.util.UUID.class || javaType.isEnum()) {
            return "string";
        }
        if (javaType == long.class || javaType == Long.class || javaType == int.class || javaType == Integer.class) {
            return "integer";
        }
        if (javaType == boolean.class || javaType == Boolean.class) {
            return "boolean";
        }
        return null;
    }

    private static JsonNode withoutAnnotations(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        ObjectNode copy = object.deepCopy();
        copy.remove(ANNOTATIONS);
        return copy;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
