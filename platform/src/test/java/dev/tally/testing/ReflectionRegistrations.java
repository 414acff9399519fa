package dev.tally.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that a module's one list of reflection registrations (a class carrying {@code @RegisterForReflection(targets
 * = ...)}, named {@code NativeRegistrations} in each module) is complete and closed, without a native build. Shared
 * by the write side's and the projection runtime's {@code NativeRegistrationsTest}.
 */
public final class ReflectionRegistrations {

    private final Class<?> list;

    private ReflectionRegistrations(Class<?> list) {
        this.list = list;
    }

    public static ReflectionRegistrations of(Class<?> list) {
        return new ReflectionRegistrations(list);
    }

    public Set<Class<?>> targets() {
        return Set.of(list.getAnnotation(RegisterForReflection.class).targets());
    }

    /** Every type marked {@code @RegisterForReflection} elsewhere in the module (or named as a target) is listed. */
    public void assertEveryMarkedTypeIsListed() throws Exception {
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : mainClasses()) {
            RegisterForReflection mark = type.getAnnotation(RegisterForReflection.class);
            if (mark == null || type == list) {
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
        assertEquals(Set.of(), missing, "registered for reflection elsewhere but not in " + list.getSimpleName());
    }

    /** Every dev.tally type a listed record's components mention is listed too, unless {@code registeredElsewhere}. */
    public void assertRecordComponentsAreListed(Predicate<Class<?>> registeredElsewhere) {
        Set<String> missing = new TreeSet<>();
        for (Class<?> target : targets()) {
            if (!target.isRecord()) {
                continue;
            }
            for (RecordComponent component : target.getRecordComponents()) {
                for (Class<?> used : tallyTypes(component.getGenericType())) {
                    if (!targets().contains(used) && !registeredElsewhere.test(used)) {
                        missing.add(target.getSimpleName() + "." + component.getName() + ": " + used.getName());
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "components of registered records whose types are not registered");
    }

    /** Every class compiled from the module's src/main/java (the directory the list was loaded from). */
    public List<Class<?>> mainClasses() throws Exception {
        Path root = Path.of(list.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (!name.endsWith("package-info") && !name.endsWith("module-info")) {
                    classes.add(Class.forName(name, false, list.getClassLoader()));
                }
            }
        }
        assertFalse(classes.isEmpty(), "no classes under " + root);
        return classes;
    }

    /**
     * The GraalVM metadata a jar carries ({@code META-INF/native-image/.../reflect-config.json}) is on the class path
     * once and registers each type fully (constructors, methods, fields).
     */
    public static void assertMetadataCovers(String metadataResource, Collection<Class<?>> types) throws IOException {
        List<URL> copies = Collections.list(ReflectionRegistrations.class.getClassLoader().getResources(metadataResource));
        assertEquals(1, copies.size(), "copies of " + metadataResource + " on the class path: " + copies);
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
        for (Class<?> type : types) {
            assertTrue(registered.contains(type.getName()), type.getName() + " is not in " + metadataResource);
        }
    }

    /** The dev.tally classes a component's type mentions (itself, type arguments, array elements). */
    private static Set<Class<?>> tallyTypes(Type type) {
        Set<Class<?>> found = new HashSet<>();
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
