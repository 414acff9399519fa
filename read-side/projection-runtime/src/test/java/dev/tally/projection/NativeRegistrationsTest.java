package dev.tally.projection;

import dev.tally.testing.ReflectionRegistrations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the native configuration of the projection runtime without a native build: the one list in
 * {@link NativeRegistrations} is complete and closed, and the runtime's migrations are where the read services'
 * {@code quarkus.flyway.locations} points.
 */
class NativeRegistrationsTest {

    private static final ReflectionRegistrations REGISTRATIONS = ReflectionRegistrations.of(NativeRegistrations.class);

    @Test
    void everyTypeThisModuleMarksForReflectionIsInTheOneList() throws Exception {
        REGISTRATIONS.assertEveryMarkedTypeIsListed();
    }

    @Test
    void everyTallyTypeReachableFromARegisteredRecordIsRegistered() {
        // The runtime knows no event type; a view's events are checked by the view (ViewNativeConfigurationContract).
        REGISTRATIONS.assertRecordComponentsAreListed(type -> false);
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
}
