package dev.tally.kubernetes;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;

import io.kubernetes.client.openapi.JSON;

/**
 * Built-in Kubernetes resources against the models of io.kubernetes:client-java-api 26 (Kubernetes 1.34's OpenAPI):
 * the API group and version must be served (an API class of that name exists), the model's own
 * validateJsonElement rejects unknown fields and missing required fields at every level, and deserializing with
 * the client's Gson rejects wrong types (a string where a number belongs, an invalid quantity).
 */
final class KubernetesModels {

    static final String KUBERNETES_VERSION = "1.34";
    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final String APIS = "io.kubernetes.client.openapi.apis.";

    static {
        // Creating the client's JSON sets the Gson instance that validateJsonElement's nested parses use.
        new JSON();
    }

    private KubernetesModels() {
    }

    /** Whether the apiVersion is one of Kubernetes' own groups (core, apps, policy, *.k8s.io ...). */
    static boolean isBuiltIn(String apiVersion) {
        return apiClass(apiVersion) != null;
    }

    static List<String> problems(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        if (apiClass(apiVersion) == null) {
            return List.of(apiVersion + " is not served by Kubernetes " + KUBERNETES_VERSION);
        }
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        Class<?> model;
        try {
            model = Class.forName(MODELS + capitalize(version) + kind);
        } catch (ClassNotFoundException e) {
            return List.of("no " + kind + " in " + apiVersion + " (Kubernetes " + KUBERNETES_VERSION + ")");
        }
        JsonElement json = JsonParser.parseString(doc.toString());
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            JSON.getGson().fromJson(json, model);
            return List.of();
        } catch (InvocationTargetException e) {
            return List.of(model.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (JsonParseException | IllegalArgumentException e) {
            return List.of(model.getSimpleName() + ": " + e.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** apps/v1 -> AppsV1Api, v1 -> CoreV1Api, networking.k8s.io/v1 -> NetworkingV1Api; null when there is none. */
    private static Class<?> apiClass(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (group.contains(".") && !group.endsWith(".k8s.io")) {
            return null;
        }
        String prefix = capitalize(group.replace(".k8s.io", "").replace(".authorization", "Authorization"));
        try {
            return Class.forName(APIS + prefix + capitalize(version) + "Api");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
