package dev.tally.engines;

/**
 * Run in a separate JVM by {@link ParentKillTest}: starts both engines, prints the pids of everything they run and
 * their ports, then waits to be killed.
 */
public final class EnginesChild {

    public static void main(String[] args) throws InterruptedException {
        KafkaEngine kafka = KafkaEngine.temporary();
        kafka.start();
        PostgresEngine postgres = PostgresEngine.temporary();
        postgres.start();
        StringBuilder pids = new StringBuilder();
        for (Engine engine : new Engine[] { kafka, postgres }) {
            ProcessHandle host = engine.hostProcess().orElseThrow();
            pids.append(host.pid()).append(' ');
            host.descendants().forEach(d -> pids.append(d.pid()).append(' '));
        }
        System.out.println("PIDS " + pids.toString().trim());
        System.out.println("PORTS " + kafka.port() + " " + postgres.port());
        System.out.println("DIRS " + kafka.directory() + " " + postgres.directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
