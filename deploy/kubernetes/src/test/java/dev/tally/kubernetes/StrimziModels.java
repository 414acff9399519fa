package dev.tally.kubernetes;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.crdgenerator.annotations.Maximum;
import io.strimzi.crdgenerator.annotations.Minimum;
import io.strimzi.crdgenerator.annotations.Pattern;
import io.strimzi.crdgenerator.annotations.PresentInVersions;
import io.strimzi.crdgenerator.annotations.RequiredInVersions;

/**
 * Strimzi resources against Strimzi's own model classes (io.strimzi:api, the classes its operator reads them with and
 * generates its CRDs from). Deserialization catches wrong types and unknown enum values; the model classes keep
 * unknown fields instead of failing, so the walk below checks each JSON object against the properties of the
 * class it became: a field the class (in this API version) lacks, a required one missing, a number below its
 * minimum or above its maximum, a string not matching its pattern.
 */
final class StrimziModels {

    static final String GROUP = "kafka.strimzi.io";

    private static final Map<String, Class<?>> KINDS = Map.of("Kafka", Kafka.class, "KafkaNodePool",
            KafkaNodePool.class, "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private StrimziModels() {
    }

    static List<String> problems(JsonNode doc) {
        String kind = doc.path("kind").asText();
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            return List.of("no Strimzi model class for kind " + kind);
        }
        String version = doc.path("apiVersion").asText().replace(GROUP + "/", "");
        if (!servedVersions(type).contains(version)) {
            return List.of(kind + " is not served as " + doc.path("apiVersion").asText() + " (versions: "
                    + servedVersions(type) + ")");
        }
        Object model;
        try {
            model = MAPPER.treeToValue(doc, type);
        } catch (JsonProcessingException e) {
            return List.of("does not deserialize into " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        walk("", doc, model, version, problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static List<String> servedVersions(Class<?> type) {
        try {
            return (List<String>) type.getField("VERSIONS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no VERSIONS", e);
        }
    }

    private static void walk(String path, JsonNode node, Object value, String version, List<String> problems) {
        if (value == null || node == null || node.isNull()) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            node.properties().forEach(e -> walk(path + "." + e.getKey(), e.getValue(), map.get(e.getKey()), version,
                    problems));
            return;
        }
        if (value instanceof Collection<?> items) {
            Iterator<?> it = items.iterator();
            for (int i = 0; i < node.size() && it.hasNext(); i++) {
                Object item = it.next();
                if (item == null && !node.get(i).isNull()) {
                    problems.add(path + "[" + i + "] is " + node.get(i) + ", not a value it accepts");
                }
                walk(path + "[" + i + "]", node.get(i), item, version, problems);
            }
            return;
        }
        if (!node.isObject() || !isModel(value.getClass())) {
            return;
        }
        Map<String, BeanPropertyDefinition> properties = properties(value.getClass(), version);
        String typeProperty = typeIdProperty(value.getClass());
        node.fieldNames().forEachRemaining(field -> {
            if (!properties.containsKey(field) && !field.equals(typeProperty)) {
                problems.add("unknown field " + path + "." + field + " (" + value.getClass().getSimpleName()
                        + " in " + version + " has " + properties.keySet() + ")");
            }
        });
        properties.forEach((name, property) -> {
            JsonNode child = node.get(name);
            String at = path + "." + name;
            if (child == null) {
                if (property.isRequired() || inVersion(annotation(property, RequiredInVersions.class)
                        .map(RequiredInVersions::value), version, false)) {
                    problems.add("missing required field " + at);
                }
                return;
            }
            annotation(property, Minimum.class).filter(min -> child.isNumber() && child.asLong() < min.value())
                    .ifPresent(min -> problems.add(at + " is " + child + ", below its minimum " + min.value()));
            annotation(property, Maximum.class).filter(max -> child.isNumber() && child.asLong() > max.value())
                    .ifPresent(max -> problems.add(at + " is " + child + ", above its maximum " + max.value()));
            annotation(property, Pattern.class).filter(p -> child.isTextual() && !child.asText().matches(p.value()))
                    .ifPresent(p -> problems.add(at + " is '" + child.asText() + "', not matching " + p.value()));
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null) {
                accessor.fixAccess(true);
                Object childValue = accessor.getValue(value);
                if (childValue == null && !child.isNull()) {
                    // An enum's forValue answers null for a name it does not know.
                    problems.add(at + " is " + child + ", not a value it accepts");
                }
                walk(at, child, childValue, version, problems);
            }
        });
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.strimzi.api.") || name.startsWith("io.fabric8.kubernetes.api.model.");
    }

    private static Map<String, BeanPropertyDefinition> properties(Class<?> type, String version) {
        BeanDescription description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type));
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize() && inVersion(annotation(property, PresentInVersions.class)
                    .map(PresentInVersions::value), version, true)) {
                properties.put(property.getName(), property);
            }
        }
        return properties;
    }

    /** The discriminator of a polymorphic type (e.g. "type" of a listener's authentication), if not a property. */
    private static String typeIdProperty(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            JsonTypeInfo info = c.getAnnotation(JsonTypeInfo.class);
            if (info != null) {
                return info.property();
            }
            for (Class<?> i : c.getInterfaces()) {
                JsonTypeInfo fromInterface = i.getAnnotation(JsonTypeInfo.class);
                if (fromInterface != null) {
                    return fromInterface.property();
                }
            }
        }
        return "";
    }

    private static <A extends Annotation> Optional<A> annotation(BeanPropertyDefinition property, Class<A> type) {
        List<AnnotatedMember> members = new ArrayList<>();
        members.add(property.getGetter());
        members.add(property.getSetter());
        members.add(property.getField());
        return members.stream().filter(m -> m != null).map(m -> m.getAnnotation(type)).filter(a -> a != null)
                .findFirst();
    }

    /**
     * Whether {@code version} is in a Strimzi version range ("v1beta2", "v1+", "v1alpha1-v1beta2"); an absent
     * range means {@code absent}.
     */
    static boolean inVersion(Optional<String> range, String version, boolean absent) {
        if (range.isEmpty()) {
            return absent;
        }
        String r = range.get();
        Function<String, Integer> rank = StrimziModels::rank;
        if (r.endsWith("+")) {
            return rank.apply(version) >= rank.apply(r.substring(0, r.length() - 1));
        }
        int dash = r.indexOf('-');
        if (dash > 0) {
            int v = rank.apply(version);
            return v >= rank.apply(r.substring(0, dash)) && v <= rank.apply(r.substring(dash + 1));
        }
        return r.equals(version);
    }

    /** v1alpha1 < v1beta1 < v1beta2 < v1 < v2alpha1 ... (Kubernetes' version order). */
    private static int rank(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?").matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an API version: " + version);
        }
        int stage = m.group(2) == null ? 2 : m.group(2).equals("beta") ? 1 : 0;
        int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Integer.parseInt(m.group(1)) * 10_000 + stage * 1_000 + minor;
    }
}
