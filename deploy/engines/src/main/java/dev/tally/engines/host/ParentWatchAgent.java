package dev.tally.engines.host;

/**
 * A Java agent that ends its JVM when the parent process goes away: it waits for EOF on stdin (the parent holds the
 * other end of the pipe and writes nothing), then calls {@link System#exit(int)} so shutdown hooks run and a Quarkus
 * application stops gracefully. Used by the local launcher for the service processes:
 * {@code java -javaagent:<jar with this class as Premain-Class> -jar quarkus-run.jar}.
 *
 * <p>Only for processes whose stdin is such a pipe; with a terminal as stdin the JVM would exit on Ctrl-D.
 */
public final class ParentWatchAgent {

    private ParentWatchAgent() {
    }

    public static void premain(String args) {
        Thread watcher = new Thread(() -> {
            HostLifecycle.awaitParentGone();
            System.err.println("Parent process gone: shutting down");
            HostLifecycle.haltIfStuck("Shutdown");
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
