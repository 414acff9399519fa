package dev.tally.web;

import dev.tally.events.EventType;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.testing.NativeBuildChecks;
import dev.tally.testing.ReflectionRegistrations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the write side's native configuration without a native build: the one list in {@link NativeRegistrations}
 * is complete (every type this module marks, reads with {@code readValue(.., X.class)} or passes to
 * {@code JsonObject.mapFrom}) and closed (record components), the event records are covered by the metadata the
 * events jar carries, and the resources read at run time are in the image ({@code quarkus.native.resources.includes})
 * or where the Flyway extension looks at build time ({@code quarkus.flyway.locations}).
 */
class NativeRegistrationsTest {

    private static final String EVENTS_METADATA = "META-INF/native-image/dev.tally/tally-events-schema/reflect-config.json";

    private static final ReflectionRegistrations REGISTRATIONS = ReflectionRegistrations.of(NativeRegistrations.class);

    @Test
    void everyTypeThisModuleMarksForReflectionIsInTheOneList() throws Exception {
        REGISTRATIONS.assertEveryMarkedTypeIsListed();
    }

    @Test
    void everyTallyTypeReachableFromARegisteredRecordIsRegistered() {
        // The event records are registered by the events jar's own metadata (the next test).
        REGISTRATIONS.assertRecordComponentsAreListed(LedgerEvent.class::isAssignableFrom);
    }

    @Test
    void everyEventTypeOfTheRegistryIsCoveredByTheEventsJarsMetadata() throws IOException {
        ReflectionRegistrations.assertMetadataCovers(EVENTS_METADATA,
                EventTypes.ledger().all().stream().<Class<?>>map(EventType::javaType).toList());
    }

    @Test
    void everyTypeReadOrWrittenByHandIsRegistered() throws Exception {
        // readValue(json, X.class), treeToValue(tree, X.class), convertValue(v, X.class), mapTo(X.class) and
        // JsonObject.mapFrom(variable) with the variable's declared type, in this module's sources.
        Pattern byClass = Pattern.compile("(?:readValue|treeToValue|convertValue|readerFor|mapTo)\\([^;]*?\\b([A-Z]\\w*)\\.class");
        Pattern mapFrom = Pattern.compile("mapFrom\\(\\s*(\\w+)\\s*\\)");
        Map<String, Class<?>> bySimpleName = new HashMap<>();
        for (Class<?> type : REGISTRATIONS.mainClasses()) {
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
                    if (type != null && !REGISTRATIONS.targets().contains(type)) {
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
}
