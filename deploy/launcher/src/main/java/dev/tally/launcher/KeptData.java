package dev.tally.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code TALLY_HOME}: the engines' kept data and the logs, held by one launcher at a time. */
final class KeptData {

    private final Settings settings;
    private FileLock lock;

    KeptData(Settings settings) {
        this.settings = settings;
    }

    /** Takes the home for this launcher; false (after saying why) if another holds it: two would fight over ports and data. */
    boolean lock() throws IOException {
        Files.createDirectories(settings.logs());
        FileChannel channel = FileChannel.open(settings.home().resolve("launcher.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (lock == null) {
            System.err.println("Another ./run-local is already running with TALLY_HOME=" + settings.home()
                    + ". Stop it first (Ctrl-C in its terminal).");
            return false;
        }
        return true;
    }

    /** {@code --reset}: deletes the engines' data and every log but the build's. */
    void reset() throws IOException {
        System.out.println("--reset: deleting kept data in " + settings.home());
        for (String dir : List.of("kafka", "postgres")) {
            deleteTree(settings.home().resolve(dir));
        }
        try (Stream<Path> logs = Files.list(settings.logs())) {
            for (Path log : logs.filter(p -> !p.getFileName().toString().equals("build.log")).toList()) {
                Files.deleteIfExists(log);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
