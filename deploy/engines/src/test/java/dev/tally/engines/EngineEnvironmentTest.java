package dev.tally.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineEnvironmentTest {

    @Test
    void namesTheVariablesTheServicesRead() {
        Map<String, String> env = EngineEnvironment.of("postgresql://127.0.0.1:5432/tally", "u", "p", "127.0.0.1:9092");
        assertEquals(Map.of("TALLY_DB_URL", "postgresql://127.0.0.1:5432/tally", "TALLY_DB_USER", "u",
                "TALLY_DB_PASSWORD", "p", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"), env);
        env.put("EXTRA", "x");
        assertEquals("x", env.get("EXTRA"));
    }
}
