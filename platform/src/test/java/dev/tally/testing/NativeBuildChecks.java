package dev.tally.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks of a service's build-time native configuration that every service runs from its module directory (the
 * write side's {@code NativeRegistrationsTest}, the views' {@code ViewNativeConfigurationContract}): they read
 * {@code src/main/resources/application.properties} as the build does, without a native build.
 */
public final class NativeBuildChecks {

    private NativeBuildChecks() {
    }

    public static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /** The class-path resource is there and {@code quarkus.native.resources.includes} puts it into the executable. */
    public static void assertIncludedAsResource(String resource) throws IOException {
        assertNotNull(NativeBuildChecks.class.getClassLoader().getResource(resource), resource + " on the class path");
        String includes = applicationProperties().getProperty("quarkus.native.resources.includes", "");
        assertTrue(globs(includes).stream().anyMatch(g -> g.matches(Path.of(resource))),
                "quarkus.native.resources.includes=" + includes + " does not include " + resource);
    }

    /**
     * {@code quarkus.flyway.locations} is fixed at build time: the extension lists each location on the class path
     * then (a directory, or a library's jar) and includes every migration it finds; a profile or run-time value is not
     * seen by a native executable.
     */
    public static void assertMigrationsWhereFlywayLooksAtBuildTime() throws IOException, URISyntaxException {
        Properties properties = applicationProperties();
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("%") && k.contains(".quarkus.flyway.locations"))
                .forEach(k -> fail(k + ": a build-time property set for one profile"));
        for (String location : properties.getProperty("quarkus.flyway.locations", "db/migration").split(",")) {
            String path = location.trim().replaceFirst("^classpath:", "");
            URL url = NativeBuildChecks.class.getClassLoader().getResource(path);
            assertNotNull(url, path + " on the class path");
            List<String> migrations = new ArrayList<>();
            if ("jar".equals(url.getProtocol())) {
                String jar = url.toString().substring(0, url.toString().indexOf("!/"));
                try (FileSystem fs = FileSystems.newFileSystem(URI.create(jar), Map.of());
                     Stream<Path> files = Files.list(fs.getPath(path))) {
                    files.forEach(f -> migrations.add(f.getFileName().toString()));
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.forEach(f -> migrations.add(f.getFileName().toString()));
                }
            }
            assertFalse(migrations.stream().filter(n -> n.matches("V\\d+__.+\\.sql")).toList().isEmpty(),
                    "no V<n>__*.sql under " + path + " (" + url + ")");
        }
    }

    /** quarkus.native.resources.includes: comma-separated globs (a comma inside braces belongs to the glob). */
    private static List<PathMatcher> globs(String value) {
        List<PathMatcher> matchers = new ArrayList<>();
        int depth = 0;
        StringBuilder glob = new StringBuilder();
        for (char c : (value + ",").toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ',' && depth == 0) {
                if (!glob.toString().isBlank()) {
                    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.toString().trim()));
                }
                glob.setLength(0);
            } else {
                glob.append(c);
            }
        }
        return matchers;
    }
}
