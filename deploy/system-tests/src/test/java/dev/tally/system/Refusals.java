package dev.tally.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.Ports;
import dev.tally.engines.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A service started with a configuration it must refuse: it exits without ever becoming ready and says why. */
final class Refusals {

    private Refusals() {
    }

    /** Starts {@code module}'s production build with {@code env}; its log must name every one of {@code reasons}. */
    static void assertRefusesToStart(String module, String name, Map<String, String> env, String... reasons)
            throws Exception {
        String service = Path.of(module).getFileName() + "-" + name;
        Path log = TallySystem.REPO.resolve("deploy/system-tests/target/system-logs/refused-" + service + ".log");
        try (ServiceProcess process = new ServiceProcess(service,
                TallySystem.artifact(module, List.of("-Xmx256m", "-XX:+UseSerialGC")), Ports.freeLoopbackPort(), log)) {
            process.start(env);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (process.isAlive() && System.nanoTime() < deadline) {
                assertFalse(process.isReady(), service + ": became ready with a configuration it must refuse");
                Thread.sleep(250);
            }
            assertFalse(process.isAlive(), service + ": still running after 120 s");
            String tail = process.tail(80);
            for (String reason : reasons) {
                assertTrue(tail.contains(reason), service + ": no '" + reason + "' in " + tail);
            }
        }
    }
}
