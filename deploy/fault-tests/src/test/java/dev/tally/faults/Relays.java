package dev.tally.faults;

import dev.tally.engines.ServiceProcess;
import java.time.Duration;
import java.util.List;

/** Which write replica's outbox relay is the active one (GET /relay). */
final class Relays {

    private Relays() {}

    static ServiceProcess leader(List<ServiceProcess> replicas) {
        return replicas.stream().filter(Relays::leads).findFirst()
                .orElseThrow(() -> new AssertionError("no replica's relay leads"));
    }

    static void awaitLeader(ServiceProcess replica, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!leads(replica)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(replica.name() + "'s relay did not take over within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static boolean leads(ServiceProcess replica) {
        Probe.Answer answer = Probe.get(replica, "/relay");
        return answer.status() == 200 && answer.json().path("leader").asBoolean();
    }
}
