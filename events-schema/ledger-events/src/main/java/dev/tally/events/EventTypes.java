package dev.tally.events;

import dev.tally.envelope.EventEnvelope;
import dev.tally.envelope.UnknownEventTypeException;
import dev.tally.envelope.EventSchemaException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of ledger event types: name and version to Java type and back, JSON (de)serialisation, upcasting.
 *
 * <h2>JSON rules (decided once, for writers and readers)</h2>
 * <ul>
 *   <li><b>Writers emit exactly the schema.</b> Payloads are the record's components, nothing else; every schema has
 *       {@code additionalProperties: false}, and a test validates serialised samples against it.</li>
 *   <li><b>Readers are tolerant of unknown properties</b> ({@code FAIL_ON_UNKNOWN_PROPERTIES} off): a reader one
 *       release behind still reads a payload to which a compatible change added an optional property.</li>
 *   <li><b>Readers are strict about what they need</b>: every component marked {@code @JsonProperty(required = true)}
 *       must be present (a stored event with a missing amount is corrupt, never silently 0), no float where an
 *       integer is expected ({@code 10.5} minor units is an error, not 10), no string-to-number coercion.</li>
 *   <li><b>A version newer than the current one is an error</b> ({@link EventSchemaException}): a new version means an
 *       incompatible change, so readers are deployed before writers start producing it.</li>
 *   <li><b>Older versions are upcast</b> on read by a chain of {@link Upcaster}s (JSON to JSON), so the rest of the
 *       code only ever sees the current record.</li>
 * </ul>
 *
 * <p>This class owns its {@link ObjectMapper}, so the stored form does not depend on how a service customises its
 * own mapper. Instances are immutable and thread-safe.
 */
public final class EventTypes {

    /** Folder of the JSON Schemas on the classpath; one file per type and version. */
    public static final String SCHEMA_DIRECTORY = "schemas/ledger/";

    private static final EventTypes LEDGER = new EventTypes(
            List.of(
                    new EventType("AccountOpened", AccountOpened.class, 2),
                    new EventType("MoneyDeposited", MoneyDeposited.class, 1),
                    new EventType("MoneyWithdrawn", MoneyWithdrawn.class, 1),
                    new EventType("TransferSent", TransferSent.class, 1),
                    new EventType("TransferReceived", TransferReceived.class, 1),
                    new EventType("AccountFrozen", AccountFrozen.class, 1),
                    new EventType("AccountUnfrozen", AccountUnfrozen.class, 1),
                    new EventType("AccountClosed", AccountClosed.class, 1)),
            List.of(new AccountOpenedV1ToV2()));

    private final Map<String, EventType> byName = new LinkedHashMap<>();
    private final Map<Class<?>, EventType> byClass = new LinkedHashMap<>();
    private final Map<String, Upcaster> upcasters = new LinkedHashMap<>();
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    EventTypes(List<EventType> types, List<Upcaster> upcasterList) {
        for (EventType type : types) {
            if (byName.put(type.name(), type) != null || byClass.put(type.javaType(), type) != null) {
                throw new IllegalArgumentException("event type registered twice: " + type);
            }
            if (type.currentVersion() < 1) {
                throw new IllegalArgumentException("versions start at 1: " + type);
            }
        }
        for (Upcaster upcaster : upcasterList) {
            EventType type = byName.get(upcaster.eventName());
            if (type == null || upcaster.fromVersion() < 1 || upcaster.fromVersion() >= type.currentVersion()) {
                throw new IllegalArgumentException("upcaster for an unknown type or version: " + upcaster.eventName()
                        + " v" + upcaster.fromVersion());
            }
            if (upcasters.put(upcasterKey(upcaster.eventName(), upcaster.fromVersion()), upcaster) != null) {
                throw new IllegalArgumentException("two upcasters from " + upcaster.eventName() + " v" + upcaster.fromVersion());
            }
        }
        for (EventType type : types) {
            for (int v = 1; v < type.currentVersion(); v++) {
                if (!upcasters.containsKey(upcasterKey(type.name(), v))) {
                    throw new IllegalArgumentException("no upcaster from " + type.name() + " v" + v);
                }
            }
        }
    }

    /** The ledger's registry. */
    public static EventTypes ledger() {
        return LEDGER;
    }

    /** Classpath location of a schema, e.g. {@code schemas/ledger/AccountOpened.v2.json}. */
    public static String schemaResource(String name, int version) {
        return SCHEMA_DIRECTORY + name + ".v" + version + ".json";
    }

    /** All registered types, in a stable order. */
    public List<EventType> all() {
        return List.copyOf(byName.values());
    }

    public Optional<EventType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The type called {@code name}; {@link EventSchemaException} if there is none. */
    public EventType byName(String name) {
        EventType type = byName.get(name);
        if (type == null) {
            throw new UnknownEventTypeException("unknown event type '" + name + "'");
        }
        return type;
    }

    public EventType of(LedgerEvent event) {
        return of(event.getClass());
    }

    public EventType of(Class<? extends LedgerEvent> javaType) {
        EventType type = byClass.get(javaType);
        if (type == null) {
            throw new IllegalArgumentException("not a registered event class: " + javaType.getName());
        }
        return type;
    }

    /** Name of the event's type, e.g. {@code MoneyDeposited}. */
    public String nameOf(LedgerEvent event) {
        return of(event).name();
    }

    /** The version written for the event's type today. */
    public int currentVersion(String name) {
        return byName(name).currentVersion();
    }

    /** The payload as compact UTF-8 JSON, in the current version of its type. */
    public byte[] serialize(LedgerEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
    }

    public String serializeToString(LedgerEvent event) {
        return new String(serialize(event), StandardCharsets.UTF_8);
    }

    /** Reads a stored payload of any known version of {@code name} as the current record. */
    public LedgerEvent deserialize(String name, int version, byte[] json) {
        EventType type = byName(name);
        checkVersion(type, version);
        try {
            if (version == type.currentVersion()) {
                return mapper.readValue(json, type.javaType());
            }
            JsonNode tree = mapper.readTree(json);
            return mapper.treeToValue(upcastToCurrent(type, version, asObject(tree, name, version)), type.javaType());
        } catch (IOException | IllegalArgumentException e) {
            throw new EventSchemaException("payload of " + name + " v" + version + " does not match its type: "
                    + e.getMessage(), e);
        }
    }

    public LedgerEvent deserialize(String name, int version, String json) {
        return deserialize(name, version, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the data of an envelope (type name and schema version from the envelope). */
    public LedgerEvent deserialize(EventEnvelope envelope) {
        return deserialize(envelope.type(), envelope.schemaVersion(), envelope.data());
    }

    /**
     * Runs the upcaster chain on a payload of {@code name} at {@code version}; returns the current-version JSON.
     * Exposed for tools and tests; {@link #deserialize} uses it.
     */
    public ObjectNode upcastToCurrent(String name, int version, ObjectNode payload) {
        EventType type = byName(name);
        checkVersion(type, version);
        return upcastToCurrent(type, version, payload);
    }

    private ObjectNode upcastToCurrent(EventType type, int version, ObjectNode payload) {
        ObjectNode current = payload;
        for (int v = version; v < type.currentVersion(); v++) {
            current = upcasters.get(upcasterKey(type.name(), v)).upcast(current);
        }
        return current;
    }

    /** The upcasters, keyed {@code Name@fromVersion}; read-only. */
    public Map<String, Upcaster> upcasters() {
        return Collections.unmodifiableMap(upcasters);
    }

    private static void checkVersion(EventType type, int version) {
        if (version > type.currentVersion()) {
            throw new UnknownEventTypeException("unknown version " + version + " of " + type.name()
                    + " (known: 1.." + type.currentVersion() + ")");
        }
        if (version < 1) {
            throw new EventSchemaException("invalid version " + version + " of " + type.name());
        }
    }

    private static ObjectNode asObject(JsonNode tree, String name, int version) {
        if (tree instanceof ObjectNode object) {
            return object;
        }
        throw new EventSchemaException("payload of " + name + " v" + version + " is not a JSON object");
    }

    private static String upcasterKey(String name, int fromVersion) {
        return name + "@" + fromVersion;
    }
}
