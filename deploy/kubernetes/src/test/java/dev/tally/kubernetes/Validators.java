package dev.tally.kubernetes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonParser;

import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** Picks the schema a resource is validated against, by its API group; no group goes unvalidated. */
final class Validators {

    /** Answers of the Node.js run by document (its JSON text): one run serves many tests. */
    private static final Map<String, List<String>> NPM_RESULTS = new HashMap<>();

    private Validators() {
    }

    static List<String> problems(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        if (KubernetesModels.isBuiltIn(apiVersion)) {
            return KubernetesModels.problems(doc);
        }
        List<String> problems = new ArrayList<>(metadataProblems(doc));
        if (group.equals(StrimziModels.GROUP)) {
            problems.addAll(StrimziModels.problems(doc));
        } else if (group.equals(CloudNativePgSchemas.GROUP)) {
            problems.addAll(CloudNativePgSchemas.problems(doc));
        } else if (NpmModels.GROUPS.contains(group)) {
            problems.addAll(npm(doc));
        } else {
            problems.add("no schema known for " + apiVersion + " (" + doc.path("kind").asText() + ")");
        }
        return problems;
    }

    /** Validates all documents of the @kubernetes-models groups in one Node.js run, and remembers the answers. */
    static synchronized void prepareNpm(List<JsonNode> docs) {
        List<JsonNode> todo = docs.stream().filter(d -> !NPM_RESULTS.containsKey(d.toString()))
                .filter(d -> NpmModels.GROUPS.contains(d.path("apiVersion").asText().split("/")[0])).distinct().toList();
        if (todo.isEmpty()) {
            return;
        }
        List<List<String>> results = NpmModels.problems(todo);
        for (int i = 0; i < todo.size(); i++) {
            NPM_RESULTS.put(todo.get(i).toString(), results.get(i));
        }
    }

    private static synchronized List<String> npm(JsonNode doc) {
        prepareNpm(List.of(doc));
        return NPM_RESULTS.get(doc.toString());
    }

    /** A custom resource's metadata is Kubernetes' ObjectMeta, whatever its CRD says of it. */
    private static List<String> metadataProblems(JsonNode doc) {
        try {
            V1ObjectMeta.validateJsonElement(JsonParser.parseString(doc.path("metadata").toString()));
            return List.of();
        } catch (Exception e) {
            return List.of("metadata: " + e.getMessage());
        }
    }
}
