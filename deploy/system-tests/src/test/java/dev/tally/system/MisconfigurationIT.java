package dev.tally.system;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that would leave a service running but broken make it refuse to start instead, saying which and why. */
class MisconfigurationIT {

    private final TallySystem system = TallySystem.get();

    @Test
    void aViewRefusesALiveLingerItsKafkaClientCannotWaitOut() throws Exception {
        Map<String, String> env = new HashMap<>(system.environment());
        env.put("TALLY_PROJECTION_LIVE_LINGER", "30s");
        Refusals.assertRefusesToStart("read-side/accounts-view", "linger", env,
                "Failed to start", "tally.projection.live-linger (30000 ms) must stay below kafka.request.timeout.ms"
                        + " (10000 ms)");
    }
}
