package dev.tally.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration ./run-local --prometheus writes: every service's /q/metrics, the rule file; promtool accepts it. */
class LocalPrometheusTest {

    @Test
    void scrapesEveryServiceAndLoadsTheAlertRules(@TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("tally.repo", "../..")).toAbsolutePath().normalize();
        Settings settings = Settings.from(repo, Map.of("TALLY_HOME", dir.toString()));
        String config = LocalPrometheus.config(settings.services(), repo.resolve("deploy/observability/tally-alerts.yaml"));
        for (Settings.Service s : settings.services()) {
            assertTrue(config.contains("job_name: '" + s.name() + "'"), s.name());
            assertTrue(config.contains("127.0.0.1:" + s.port()), s.name());
        }
        assertTrue(config.contains("metrics_path: /q/metrics"));
        assertEquals(9090, settings.prometheusPort());

        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        Process check;
        try {
            check = new ProcessBuilder("promtool", "check", "config", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is missing: install Debian's prometheus package (.ci/run does)");
            return;
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
        assertTrue(output.contains("SUCCESS"), output);
    }
}
