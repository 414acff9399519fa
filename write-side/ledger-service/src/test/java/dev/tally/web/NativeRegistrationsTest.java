package dev.tally.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.events.EventType;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.tally.testing.NativeBuildChecks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Guards the write side's native configuration without a native build: the one list in {@link NativeRegistrations}
 * is complete (every type this module marks, reads with {@code readValue(.., X.class)} or passes to
 * {@code JsonObject.mapFrom}) and closed (record components), the event records are covered by the metadata the
 * events jar carries, and the resources read at run time are in the image ({@code quarkus.native.resources.includes})
 * or where the Flyway extension looks at build time ({@code quarkus.flyway.locations}).
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
    void everyTypeReadOrWrittenByHandIsRegistered() throws Exception {
        // readValue(json, X.class), treeToValue(tree, X.class), convertValue(v, X.class), mapTo(X.class) and
        // JsonObject.mapFrom(variable) with the variable's declared type, in this module's sources.
        Pattern byClass = Pattern.compile("(?:readValue|treeToValue|convertValue|readerFor|mapTo)\\([^;]*?\\b([A-Z]\\w*)\\.class");
        Pattern mapFrom = Pattern.compile("mapFrom\\(\\s*(\\w+)\\s*\\)");
        Map<String, Class<?>> bySimpleName = new HashMap<>();
        for (Class<?> type : mainClasses()) {
            bySimpleName.putIfAbsent(type.getSimpleName(), type);
        }
        Set<String> missing = new TreeSet<>();
        int sites = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                List<String> used = new ArrayList<>();
                Matcher m = byClass.matcher(text);
                while (m.find()) {
                    used.add(m.group(1));
                }
                m = mapFrom.matcher(text);
                while (m.find()) {
                    Matcher declared = Pattern.compile("\\b([A-Z]\\w*)\\s+" + m.group(1) + "\\s*[=,)]").matcher(text);
                    assertTrue(declared.find(), file + ": cannot find the type of " + m.group(1));
                    used.add(declared.group(1));
                }
                for (String name : used) {
                    sites++;
                    Class<?> type = bySimpleName.get(name);
                    if (type != null && !targets().contains(type)) {
                        missing.add(file.getFileName() + ": " + type.getName());
                    }
                }
            }
        }
        assertTrue(sites >= 3, "the scan found only " + sites + " hand-made (de)serialisations; is it still working?");
        assertEquals(Set.of(), missing, "(de)serialised by hand but not in NativeRegistrations");
    }

    @Test
    void theDevelopmentKeyIsIncludedAsAResource() throws Exception {
        Field constant = Class.forName("dev.tally.platform.security.VerificationKeyGuard").getDeclaredField("DEV_KEY_RESOURCE");
        constant.setAccessible(true);
        String key = (String) constant.get(null);
        NativeBuildChecks.assertIncludedAsResource(key);
    }

    @Test
    void theMigrationsAreWhereFlywayLooksAtBuildTime() throws Exception {
        NativeBuildChecks.assertMigrationsWhereFlywayLooksAtBuildTime();
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
