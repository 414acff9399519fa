package dev.tally.engines.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The contract every engine host follows with the JVM that forked it.
 *
 * <p>The parent holds our stdin as a pipe. When the parent exits for any reason (clean stop, crash, kill -9) the kernel
 * closes its end and our read sees EOF: that is how an engine learns its parent died. On EOF the host stops its engine
 * cleanly and exits; a halt timer makes sure a hung shutdown cannot keep it alive. A parent that stops an engine on
 * purpose writes {@value #STOP_COMMAND} first, so the host can tell a stop (keep the data, a restart may follow) from
 * the parent's death (a temporary engine's directory is then deleted, since the parent cannot do it any more).
 *
 * <p>Readiness is reported by printing {@link #READY_MARKER} on stdout, which the parent redirects into the engine's log.
 */
public final class HostLifecycle {

    /** Printed on its own line once the engine accepts clients; the parent waits for it. */
    public static final String READY_MARKER = "TALLY-ENGINE-READY";

    private static final long HALT_AFTER_MILLIS = 30_000;

    private HostLifecycle() {
    }

    /** What a parent writes before closing the pipe when it stops the engine on purpose (data is to be kept). */
    public static final String STOP_COMMAND = "stop";

    /** Set (by the parent) to the engine's directory when it is temporary: deleted if the parent dies. */
    public static final String TEMPORARY_DIR_PROPERTY = "tally.engine.temporary-dir";

    /**
     * Blocks the calling thread until stdin reaches EOF (or fails).
     *
     * @return true if the parent asked us to stop, false if it vanished without a word (killed)
     */
    public static boolean awaitParentGone() {
        InputStream in = System.in;
        StringBuilder said = new StringBuilder();
        byte[] buffer = new byte[256];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (said.length() < 64) {
                    said.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            // A broken pipe means the same as EOF: the parent is gone.
        }
        return said.toString().contains(STOP_COMMAND);
    }

    /** Wraps an engine's stop so it runs once, whether the main flow or a shutdown hook (SIGTERM) gets there first. */
    public static Runnable once(Runnable stop) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                stop.run();
            }
        };
    }

    /**
     * After the parent died, nobody else will delete a temporary engine's directory: we do, once the engine stopped.
     */
    public static void deleteTemporaryDirectory() {
        String dir = System.getProperty(TEMPORARY_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        try (Stream<Path> all = Files.walk(Path.of(dir))) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }

    /** Starts a daemon timer that halts the JVM if shutdown takes longer than it may. */
    public static void haltIfStuck(String what) {
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(what + " did not stop within " + HALT_AFTER_MILLIS + " ms; halting");
            Runtime.getRuntime().halt(3);
        }, "halt-timer");
        timer.setDaemon(true);
        timer.start();
    }

    public static void announceReady(String details) {
        System.out.println(READY_MARKER + " " + details);
        System.out.flush();
    }
}
