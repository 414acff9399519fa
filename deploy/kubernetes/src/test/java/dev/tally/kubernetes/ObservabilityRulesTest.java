package dev.tally.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tally's alert rules (deploy/observability/tally-alerts.yaml): promtool checks them and runs their unit tests
 * (deploy/observability/tests), the chart's copy is the same file, and the prod rendering's PrometheusRule holds
 * every one of them.
 */
class ObservabilityRulesTest {

    static final Path OBSERVABILITY = Chart.MODULE.resolveSibling("observability");
    static final Path RULES = OBSERVABILITY.resolve("tally-alerts.yaml");

    @Test
    void promtoolChecksTheRulesAndTheirTestsPass() throws Exception {
        promtool(OBSERVABILITY, "check", "rules", "tally-alerts.yaml");
        promtool(OBSERVABILITY, "test", "rules", "tests/alerts-test.yaml");
    }

    @Test
    void theChartReadsTheSameRuleFile() throws IOException {
        assertEquals(Files.readString(RULES), Files.readString(Chart.DIR.resolve("files/tally-alerts.yaml")),
                "deploy/kubernetes/chart/files/tally-alerts.yaml differs from deploy/observability/tally-alerts.yaml:"
                        + " copy it (cp deploy/observability/tally-alerts.yaml deploy/kubernetes/chart/files/) and"
                        + " re-render (-Dtally.k8s.render=true)");
    }

    @Test
    void theProdPrometheusRuleHoldsEveryRuleAndThePodMonitorScrapesTheServices() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(RULES)) {
            if (line.trim().startsWith("- alert: ")) {
                expected.add(line.trim().substring("- alert: ".length()));
            }
        }
        String rendered = Files.readString(Chart.MODULE.resolve("rendered/prod.yaml"));
        for (String alert : expected) {
            assertTrue(rendered.contains("alert: " + alert), "rendered/prod.yaml lacks " + alert);
        }
        assertTrue(rendered.contains("path: /q/metrics"), "no PodMonitor scrapes /q/metrics");
        assertTrue(expected.size() >= 8, "rules found: " + expected);
    }

    @Test
    void theRenderedPrometheusRuleIsAValidRuleFile(@TempDir Path dir) throws Exception {
        JsonNode rule = Yaml.readAll(Files.readString(Chart.MODULE.resolve("rendered/prod.yaml"))).stream()
                .filter(doc -> doc != null && "PrometheusRule".equals(doc.path("kind").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("rendered/prod.yaml has no PrometheusRule"));
        Files.writeString(dir.resolve("rendered-rules.yaml"), Yaml.write(rule.path("spec")));
        promtool(dir, "check", "rules", "rendered-rules.yaml");
    }

    private static void promtool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is missing: install Debian's prometheus package (apt-get install prometheus), which .ci/run"
                    + " does; it tests the alert rules in deploy/observability");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }
}
