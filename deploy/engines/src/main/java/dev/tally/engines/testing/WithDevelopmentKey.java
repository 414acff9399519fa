package dev.tally.engines.testing;

import dev.tally.engines.DevelopmentKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource for {@code @QuarkusIntegrationTest}s: the packaged service (jar, or native executable when
 * built with {@code -Dnative}) runs in the {@code prod} profile it was built for, plus the run-time settings that make
 * it accept tokens signed with the committed development key, exactly as the local run starts it
 * ({@link DevelopmentKey}). {@code @QuarkusTest}s do not need it: their {@code test} profile has the key already.
 */
public class WithDevelopmentKey implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", DevelopmentKey.PUBLIC_KEY_RESOURCE,
                "mp.jwt.verify.issuer", DevelopmentKey.ISSUER,
                "tally.security.allow-dev-key", "true");
    }

    @Override
    public void stop() {
    }
}
