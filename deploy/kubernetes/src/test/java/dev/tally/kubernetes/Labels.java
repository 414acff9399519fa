package dev.tally.kubernetes;

import java.util.Iterator;
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
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** A LabelSelector (matchLabels and In/NotIn/Exists expressions) against labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.path("matchLabels");
        if (!matchLabels.isMissingNode() && !matchLabels.isEmpty() && !match(matchLabels, labels)) {
            return false;
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String value = labels.path(expr.path("key").asText()).asText(null);
            boolean in = false;
            for (JsonNode v : expr.path("values")) {
                in |= v.asText().equals(value);
            }
            switch (expr.path("operator").asText()) {
                case "In" -> { if (!in) return false; }
                case "NotIn" -> { if (in) return false; }
                case "Exists" -> { if (value == null) return false; }
                case "DoesNotExist" -> { if (value != null) return false; }
                default -> throw new IllegalArgumentException("operator " + expr.path("operator"));
            }
        }
        return !selector.isEmpty();
    }
}
