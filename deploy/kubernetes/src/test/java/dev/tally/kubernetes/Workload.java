package dev.tally.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** A rendered Deployment of one Tally service, with the lookups the semantic tests need. */
record Workload(Manifest deployment, List<Manifest> release) {

    static List<Workload> of(String variant) {
        List<Manifest> all = Rendered.of(variant);
        return all.stream().filter(m -> m.kind().equals("Deployment")).map(d -> new Workload(d, all)).toList();
    }

    static List<Workload> all() {
        return List.of(Rendered.DEV, Rendered.PROD, Rendered.ALTERNATIVES).stream().flatMap(v -> of(v).stream())
                .toList();
    }

    /** write-side, accounts-view, ... (the app.kubernetes.io/name label). */
    String component() {
        return podLabels().path("app.kubernetes.io/name").asText();
    }

    String variant() {
        return deployment.variant();
    }

    JsonNode podSpec() {
        return deployment.doc().at("/spec/template/spec");
    }

    JsonNode podLabels() {
        return deployment.doc().at("/spec/template/metadata/labels");
    }

    JsonNode container() {
        return podSpec().path("containers").get(0);
    }

    /** Plain values of the container's environment (variables from Secrets are absent). */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        container().path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    List<JsonNode> envEntries() {
        return StreamSupport.stream(container().path("env").spliterator(), false).toList();
    }

    /** Container port number of a named or numbered port. */
    Optional<Integer> containerPort(JsonNode port) {
        if (port.isInt()) {
            return StreamSupport.stream(container().path("ports").spliterator(), false)
                    .map(p -> p.path("containerPort").asInt()).filter(p -> p == port.asInt()).findFirst();
        }
        return StreamSupport.stream(container().path("ports").spliterator(), false)
                .filter(p -> p.path("name").asText().equals(port.asText())).map(p -> p.path("containerPort").asInt())
                .findFirst();
    }

    boolean selectedBy(JsonNode matchLabels) {
        return Labels.match(matchLabels, podLabels());
    }

    Optional<Manifest> find(String kind, String name) {
        return release.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    List<Manifest> kinds(String kind) {
        return release.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    @Override
    public String toString() {
        return deployment.toString();
    }
}
