package dev.tally.kubernetes;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Kubernetes label selection: every selector label present with the same value. */
final class Labels {

    private Labels() {
    }

    static boolean match(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
