package dev.tally.projection.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.events.EventType;
import dev.tally.events.EventTypes;
import dev.tally.projection.NativeRegistrations;
import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.tally.testing.NativeBuildChecks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conformance test every view built on the projection runtime runs on itself
 * ({@code class NativeConfigurationTest extends ViewNativeConfigurationContract {}}, from the runtime's test-jar),
 * from the view module's directory. Guards the view's native configuration without a native build (see the projection runtime's README, "Native
 * image"): its JSON types are REST return types, which Quarkus REST registers itself, so the view must not hand a type
 * to Jackson by hand; the runtime's and the events jar's registrations are on its class path; the development key is
 * included as a resource; the runtime's migrations are where {@code quarkus.flyway.locations} (build time) points.
 */
public abstract class ViewNativeConfigurationContract {

    private static final String EVENTS_METADATA = "META-INF/native-image/dev.tally/tally-events-schema/reflect-config.json";

    @Test
    public void nothingIsHandedToJacksonByHandOutsideRestSignatures() throws IOException {
        Pattern byHand = Pattern.compile("\\b(?:readValue|treeToValue|convertValue|readerFor|mapFrom|mapTo|writeValueAs\\w*)\\(|\\.entity\\(");
        Set<String> sites = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                if (byHand.matcher(code).find()) {
                    sites.add(file.toString());
                }
            }
        }
        assertEquals(Set.of(), sites, "hand-made (de)serialisation: register its types in one NativeRegistrations class"
                + " of this module (see dev.tally.projection.NativeRegistrations) and test them as the runtime does");
    }

    @Test
    public void theRuntimesRegistrationsAndTheEventMetadataAreOnTheClassPath() throws IOException {
        assertNotNull(NativeRegistrations.class.getAnnotation(RegisterForReflection.class));
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources(EVENTS_METADATA));
        assertEquals(1, copies.size(), "copies of " + EVENTS_METADATA + ": " + copies);
        Set<String> registered = new TreeSet<>();
        try (InputStream in = copies.get(0).openStream()) {
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                registered.add(entry.path("name").asText());
            }
        }
        for (EventType type : EventTypes.ledger().all()) {
            assertTrue(registered.contains(type.javaType().getName()), type.javaType().getName() + " not in " + EVENTS_METADATA);
        }
    }

    @Test
    public void theDevelopmentKeyIsIncludedAsAResource() throws Exception {
        Field constant = Class.forName("dev.tally.platform.security.VerificationKeyGuard").getDeclaredField("DEV_KEY_RESOURCE");
        constant.setAccessible(true);
        String key = (String) constant.get(null);
        NativeBuildChecks.assertIncludedAsResource(key);
    }

    @Test
    public void theMigrationsAreWhereFlywayLooksAtBuildTime() throws Exception {
        NativeBuildChecks.assertMigrationsWhereFlywayLooksAtBuildTime();
    }

}
