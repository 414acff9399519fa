package dev.tally.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

/** One rendered resource, named as a reader finds it: "dev: Deployment tally-write-side". */
record Manifest(String variant, JsonNode doc) {

    String apiVersion() {
        return doc.path("apiVersion").asText();
    }

    String kind() {
        return doc.path("kind").asText();
    }

    String name() {
        return doc.path("metadata").path("name").asText();
    }

    String group() {
        String apiVersion = apiVersion();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    @Override
    public String toString() {
        return variant + ": " + kind() + " " + name();
    }
}
