package dev.tally.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.events.EventType;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the native configuration of the projection runtime without a native build: the one list in
 * {@link NativeRegistrations} is complete and closed, the event records are covered by the metadata the events jar
 * carries, and the runtime's migrations are where the read services' {@code quarkus.flyway.locations} points.
 */
class NativeRegistrationsTest {

    private static final String EVENTS_METADATA = "META-INF/native-image/dev.tally/tally-events-schema/reflect-config.json";

    @Test
    void everyTypeThisModuleMarksForReflectionIsInTheOneList() throws Exception {
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : mainClasses()) {
            RegisterForReflection mark = type.getAnnotation(RegisterForReflection.class);
            if (mark == null || type == NativeRegistrations.class) {
                continue;
            }
            if (mark.targets().length == 0 && !targets().contains(type)) {
                missing.add(type.getName());
            }
            for (Class<?> target : mark.targets()) {
                if (!targets().contains(target)) {
                    missing.add(target.getName());
                }
            }
        }
        assertEquals(Set.of(), missing, "registered for reflection elsewhere but not in NativeRegistrations");
    }

    @Test
    void everyTallyTypeReachableFromARegisteredRecordIsRegistered() {
        Set<String> missing = new TreeSet<>();
        for (Class<?> target : targets()) {
            if (!target.isRecord()) {
                continue;
            }
            for (RecordComponent component : target.getRecordComponents()) {
                for (Class<?> used : tallyTypes(component.getGenericType())) {
                    if (!targets().contains(used) && !LedgerEvent.class.isAssignableFrom(used)) {
                        missing.add(target.getSimpleName() + "." + component.getName() + ": " + used.getName());
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "components of registered records whose types are not registered");
    }

    @Test
    void everyEventTypeOfTheRegistryIsCoveredByTheEventsJarsMetadata() throws IOException {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources(EVENTS_METADATA));
        assertEquals(1, copies.size(), "copies of " + EVENTS_METADATA + " on the class path: " + copies);
        Set<String> registered = new TreeSet<>();
        try (InputStream in = copies.get(0).openStream()) {
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                boolean full = entry.path("allDeclaredConstructors").asBoolean()
                        && entry.path("allDeclaredMethods").asBoolean() && entry.path("allDeclaredFields").asBoolean();
                if (full) {
                    registered.add(entry.path("name").asText());
                }
            }
        }
        for (EventType type : EventTypes.ledger().all()) {
            assertTrue(registered.contains(type.javaType().getName()),
                    type.javaType().getName() + " is read by EventTypes but not in " + EVENTS_METADATA);
        }
    }

    @Test
    void theBookkeepingMigrationsAreWhereTheViewsPointFlyway() throws IOException, URISyntaxException {
        // Every read service sets quarkus.flyway.locations=db/projection (a build-time property): the Flyway
        // extension lists that location on the class path at build time and includes what it finds in the image.
        URL location = getClass().getClassLoader().getResource("db/projection");
        assertTrue(location != null && "file".equals(location.getProtocol()), "db/projection in target/classes");
        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
            assertFalse(files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql")).toList()
                    .isEmpty(), "no V<n>__*.sql under db/projection");
        }
    }

    private static Set<Class<?>> targets() {
        return Set.of(NativeRegistrations.class.getAnnotation(RegisterForReflection.class).targets());
    }

    /** Every class compiled from this module's src/main/java (the directory NativeRegistrations was loaded from). */
    private static List<Class<?>> mainClasses() throws Exception {
        Path root = Path.of(NativeRegistrations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (!name.endsWith("package-info") && !name.endsWith("module-info")) {
                    classes.add(Class.forName(name, false, NativeRegistrationsTest.class.getClassLoader()));
                }
            }
        }
        assertFalse(classes.isEmpty(), "no classes under " + root);
        return classes;
    }

    /** The dev.tally classes a component's type mentions (itself, type arguments, array elements). */
    private static Set<Class<?>> tallyTypes(Type type) {
        Set<Class<?>> found = new java.util.HashSet<>();
        collect(type, found);
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), found);
            } else if (c.getName().startsWith("dev.tally.")) {
                found.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), found);
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, found);
            }
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), found);
        }
    }
}
