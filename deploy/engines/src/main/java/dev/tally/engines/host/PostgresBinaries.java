package dev.tally.engines.host;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Finds a directory holding {@code initdb} and {@code postgres}, in this order:
 * <ol>
 * <li>{@code TALLY_PG_BIN} (environment), when a user wants a particular installation;</li>
 * <li>the embedded distribution shipped as a Maven artifact (PostgreSQL 17, linux-amd64), unpacked once into the
 * temp directory so a fresh machine needs nothing installed;</li>
 * <li>the machine's own PostgreSQL ({@code /usr/lib/postgresql/<newest>/bin}, {@code /usr/local/pgsql/bin}, ...).</li>
 * </ol>
 * A candidate counts only if {@code postgres --version} runs on this machine.
 */
final class PostgresBinaries {

    private static final String EMBEDDED_ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    static Path locate() throws IOException, InterruptedException {
        List<String> tried = new ArrayList<>();
        String override = System.getenv("TALLY_PG_BIN");
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override);
            if (runs(dir)) {
                return dir;
            }
            throw new IllegalStateException("TALLY_PG_BIN=" + override + " holds no runnable postgres");
        }
        Optional<Path> embedded = unpackEmbedded();
        if (embedded.isPresent()) {
            if (runs(embedded.get())) {
                return embedded.get();
            }
            tried.add(embedded.get() + " (embedded distribution does not run here)");
        } else {
            tried.add("embedded distribution (not on the classpath for this platform)");
        }
        for (Path dir : machineCandidates()) {
            if (runs(dir)) {
                return dir;
            }
            tried.add(dir.toString());
        }
        throw new IllegalStateException("No runnable PostgreSQL found. Tried: " + tried
                + ". Install PostgreSQL or set TALLY_PG_BIN to its bin directory.");
    }

    static boolean runs(Path binDir) throws InterruptedException {
        Path postgres = binDir.resolve("postgres");
        if (!Files.isExecutable(postgres) || !Files.isExecutable(binDir.resolve("initdb"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(postgres.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (ok) {
                System.out.println("Using " + out.trim() + " from " + binDir);
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> machineCandidates() throws IOException {
        List<Path> found = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin"))
                        .forEach(found::add);
            }
        }
        Path rpm = Path.of("/usr");
        if (Files.isDirectory(rpm)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(rpm, "pgsql-*")) {
                dirs.forEach(d -> found.add(d.resolve("bin")));
            }
        }
        found.add(Path.of("/usr/local/pgsql/bin"));
        found.add(Path.of("/opt/homebrew/bin"));
        found.add(Path.of("/usr/local/bin"));
        found.add(Path.of("/usr/bin"));
        return found;
    }

    /** Unpacks the embedded archive once per content (checksum in the name), atomically, shared by all JVMs. */
    private static Optional<Path> unpackEmbedded() throws IOException {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return Optional.empty();
        }
        byte[] archive;
        try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(EMBEDDED_ARCHIVE)) {
            if (in == null) {
                return Optional.empty();
            }
            archive = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(archive);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path target = tmp.resolve("tally-postgres-" + Long.toHexString(crc.getValue()));
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return Optional.of(target.resolve("bin"));
        }
        Path staging = Files.createTempDirectory(tmp, "tally-postgres-unpack-");
        extractTxz(archive, staging);
        Files.createFile(staging.resolve(".complete"));
        // Readable by everyone whatever the umask: as root the server runs as an unprivileged user, and another user
        // may reuse this copy.
        try (Stream<Path> all = Files.walk(staging)) {
            for (Path dir : (Iterable<Path>) all.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(staging); // another JVM won the race; its copy is identical
        }
        return Optional.of(target.resolve("bin"));
    }

    private static void extractTxz(byte[] archive, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("Archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, dir.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    boolean executable = (entry.getMode() & 0111) != 0 || entry.getName().startsWith("bin/");
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
