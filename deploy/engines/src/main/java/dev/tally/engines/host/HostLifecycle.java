package dev.tally.engines.host;

import java.io.IOException;
import java.io.InputStream;

/**
 * The contract every engine host follows with the JVM that forked it.
 *
 * <p>The parent holds our stdin as a pipe and never writes to it. When the parent exits for any reason (clean stop,
 * crash, kill -9) the kernel closes its end and our read sees EOF: that is how an engine learns its parent died. On EOF
 * the host stops its engine cleanly and exits; a halt timer makes sure a hung shutdown cannot keep it alive.
 *
 * <p>Readiness is reported by printing {@link #READY_MARKER} on stdout, which the parent redirects into the engine's log.
 */
public final class HostLifecycle {

    /** Printed on its own line once the engine accepts clients; the parent waits for it. */
    public static final String READY_MARKER = "TALLY-ENGINE-READY";

    private static final long HALT_AFTER_MILLIS = 30_000;

    private HostLifecycle() {
    }

    /** Blocks the calling thread until stdin reaches EOF (or fails). */
    public static void awaitParentGone() {
        InputStream in = System.in;
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // The parent writes nothing; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as EOF: the parent is gone.
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
