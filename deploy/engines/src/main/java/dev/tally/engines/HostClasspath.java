package dev.tally.engines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The classpath of a forked engine host: this module's own classes plus its full runtime dependencies (broker,
 * PostgreSQL distribution, logging), which Maven wrote into {@value #RESOURCE} at build time. Those dependencies are
 * optional in the pom, so they never appear on the classpath of a module that merely depends on tally-engines.
 *
 * <p>Works whether this module is a directory ({@code target/classes}, reactor builds) or an installed jar.
 */
final class HostClasspath {

    static final String RESOURCE = "dev/tally/engines/host-classpath.txt";

    private HostClasspath() {
    }

    static String get() {
        URL listing = HostClasspath.class.getClassLoader().getResource(RESOURCE);
        if (listing == null) {
            throw new IllegalStateException(RESOURCE + " is missing: build tally-engines with Maven (it is generated)");
        }
        try (InputStream in = listing.openStream()) {
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation(listing) + System.getProperty("path.separator") + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory or jar the listing was read from, i.e. where this module's classes are. */
    private static String ownLocation(URL listing) throws IOException {
        try {
            if ("jar".equals(listing.getProtocol())) {
                URL jar = ((JarURLConnection) listing.openConnection()).getJarFileURL();
                return Path.of(jar.toURI()).toString();
            }
            if ("file".equals(listing.getProtocol())) {
                Path file = Path.of(listing.toURI());
                Path root = file;
                for (int i = 0; i < RESOURCE.split("/").length; i++) {
                    root = root.getParent();
                }
                return root.toString();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        // Some class loaders use their own URL schemes; the code source is the fallback.
        URL code = HostClasspath.class.getProtectionDomain().getCodeSource().getLocation();
        try {
            return Path.of(code.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
