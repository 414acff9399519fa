package dev.tally.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The chart under deploy/kubernetes/chart, rendered and linted offline by Helm's own code (helm-java). */
final class Chart {

    static final Path MODULE = Path.of(System.getProperty("tally.repo", "../..")).resolve("deploy/kubernetes").normalize();
    static final Path DIR = MODULE.resolve("chart");
    static final String RELEASE = "tally";
    static final String NAMESPACE = "tally";
    /** The Kubernetes version the chart is rendered for (the models' version, see KubernetesModels). */
    static final String KUBE_VERSION = "1.34.0";

    private Chart() {
    }

    static Path values(String name) {
        return MODULE.resolve("values").resolve(name + ".yaml");
    }

    /** helm template with these values files (in order) and --set pairs; throws with Helm's message on an error. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return command.call();
    }

    static String template(Path... valuesFiles) {
        return template(List.of(valuesFiles), Map.of());
    }

    /**
     * helm lint --strict of the chart with the defaults overlaid by {@code overlay}: helm-java's lint takes no values
     * file, so the chart is copied with the merged values as its values.yaml.
     */
    static LintResult lint(Path overlay) {
        Path copy = MODULE.resolve("target/lint").resolve(overlay.getFileName().toString().replace(".yaml", ""))
                .resolve("tally");
        try {
            deleteRecursively(copy);
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            ObjectNode merged = (ObjectNode) Yaml.read(Files.readString(DIR.resolve("values.yaml")));
            deepMerge(merged, Yaml.read(Files.readString(overlay)));
            Files.writeString(copy.resolve("values.yaml"), Yaml.write(merged));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    /** Helm's merge of a values file over the defaults: maps merge, anything else replaces. */
    static void deepMerge(ObjectNode base, JsonNode overlay) {
        overlay.properties().forEach(e -> {
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode currentObject && e.getValue().isObject()) {
                deepMerge(currentObject, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
