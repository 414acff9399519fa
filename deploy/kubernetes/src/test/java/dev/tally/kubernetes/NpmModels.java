package dev.tally.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * KEDA, Gateway API and prometheus-operator resources against the @kubernetes-models npm packages pinned in
 * schema-check/package.json (installed by the build's npm-ci step), through schema-check/validate.mjs on the
 * machine's Node.js: each package's schema validator plus its TypeScript declarations (unknown fields).
 */
final class NpmModels {

    static final Set<String> GROUPS = Set.of("keda.sh", "gateway.networking.k8s.io", "monitoring.coreos.com");
    private static final Path DIR = Chart.MODULE.resolve("schema-check");

    private NpmModels() {
    }

    /** Problems per document, in the order given; every document must be of one of {@link #GROUPS}. */
    static List<List<String>> problems(List<JsonNode> docs) {
        if (!Files.isDirectory(DIR.resolve("node_modules/@kubernetes-models"))) {
            throw new AssertionError("The @kubernetes-models packages are not installed in " + DIR
                    + ": the build's npm-ci step (exec-maven-plugin) installs them; or run `npm ci` there.");
        }
        try {
            Path input = Files.createTempFile("tally-npm-models", ".json");
            ArrayNode array = Yaml.JSON.createArrayNode();
            docs.forEach(array::add);
            Files.writeString(input, array.toString());
            Process node = new ProcessBuilder(System.getProperty("tally.k8s.node", "node"), "validate.mjs",
                    input.toString()).directory(DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(5, TimeUnit.MINUTES) || node.exitValue() != 0) {
                throw new AssertionError("node validate.mjs failed (exit " + node.exitValue() + "): " + out);
            }
            Files.delete(input);
            Map<Integer, List<String>> byIndex = new HashMap<>();
            for (JsonNode result : Yaml.JSON.readTree(out)) {
                List<String> errors = new ArrayList<>();
                result.path("errors").forEach(e -> errors.add(e.asText()));
                byIndex.put(result.path("index").asInt(), errors);
            }
            List<List<String>> problems = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                problems.add(byIndex.getOrDefault(i, List.of("validate.mjs has no model for this resource")));
            }
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run Node.js for the @kubernetes-models check", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
