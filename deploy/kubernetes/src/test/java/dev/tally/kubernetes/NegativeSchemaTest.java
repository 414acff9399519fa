package dev.tally.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The validators can fail: a rendered resource, broken in one place (an unknown field, a wrong type, a missing
 * required field, a value out of range), is refused by the validator of its group, naming what is wrong.
 */
class NegativeSchemaTest {

    // --- Kubernetes (client-java-api models) ---

    @Test
    void kubernetesRefusesAnUnknownField() {
        assertRefused("Deployment", d -> container(d).put("imagePullPolicyy", "Always"), "imagePullPolicyy");
    }

    @Test
    void kubernetesRefusesAWrongType() {
        assertRefused("Deployment", d -> ((ObjectNode) container(d).get("ports").get(0)).put("containerPort", "http"),
                "\"http\"");
    }

    @Test
    void kubernetesRefusesAMissingRequiredField() {
        assertRefused("Deployment", d -> container(d).remove("name"), "name");
    }

    @Test
    void kubernetesRefusesAnApiVersionItDoesNotServe() {
        assertRefused("PodDisruptionBudget", d -> d.put("apiVersion", "policy/v1beta1"), "policy/v1beta1");
    }

    // --- Strimzi (io.strimzi:api model classes) ---

    @Test
    void strimziRefusesAnUnknownField() {
        assertRefused("KafkaTopic", d -> spec(d).put("partitionz", 3), "partitionz");
    }

    @Test
    void strimziRefusesAWrongType() {
        assertRefused("KafkaTopic", d -> spec(d).put("partitions", "twelve"), "twelve");
    }

    @Test
    void strimziRefusesAFieldOfAnotherApiVersion() {
        // The singular `operation` of an ACL rule exists up to v1beta2 only; the chart writes v1.
        assertRefused("KafkaUser", d -> acl(d).put("operation", "Read"), "operation");
    }

    @Test
    void strimziRefusesAMissingRequiredField() {
        assertRefused("KafkaUser", d -> acl(d).remove("operations"), "missing required field");
    }

    @Test
    void strimziRefusesAValueBelowItsMinimum() {
        assertRefused("KafkaTopic", d -> spec(d).put("partitions", 0), "minimum");
    }

    @Test
    void strimziRefusesAnUnknownEnumValue() {
        assertRefused("KafkaUser", d -> ((ArrayNode) acl(d).get("operations")).add("Reed"), "Reed");
    }

    @Test
    void strimziRefusesAListenerNameOutsideItsPattern() {
        assertRefused("Kafka", d -> ((ObjectNode) d.at("/spec/kafka/listeners/0")).put("name", "TLS-listener"),
                "TLS-listener");
    }

    // --- CloudNativePG (the operator's CRD) ---

    @Test
    void cloudNativePgRefusesAnUnknownField() {
        assertRefused("Cluster", d -> spec(d).put("replicas", 3), "replicas");
    }

    @Test
    void cloudNativePgRefusesAWrongType() {
        assertRefused("Cluster", d -> spec(d).put("instances", "three"), "instances");
    }

    @Test
    void cloudNativePgRefusesAMissingRequiredField() {
        assertRefused("Cluster", d -> ((ObjectNode) d.at("/spec/postgresql/synchronous")).remove("number"), "number");
    }

    @Test
    void cloudNativePgRefusesAnUnknownEnumValue() {
        assertRefused("Cluster", d -> ((ObjectNode) d.at("/spec/postgresql/synchronous")).put("dataDurability",
                "sometimes"), "dataDurability");
    }

    // --- KEDA, Gateway API, prometheus-operator (@kubernetes-models npm packages; one Node.js run for all) ---

    record Case(String name, String kind, Consumer<ObjectNode> breakIt, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> npmCases() {
        return List.of(
                new Case("KEDA refuses an unknown field", "ScaledObject", d -> spec(d).put("maxReplicas", 6),
                        "maxReplicas"),
                new Case("KEDA refuses a wrong type", "ScaledObject", d -> spec(d).put("maxReplicaCount", "6"),
                        "maxReplicaCount"),
                new Case("Gateway API refuses an unknown field", "HTTPRoute",
                        d -> ((ObjectNode) d.at("/spec/rules/0/backendRefs/0")).put("weigth", 1), "weigth"),
                new Case("prometheus-operator refuses a missing required field", "PodMonitor",
                        d -> spec(d).remove("selector"), "selector"));
    }

    @BeforeAll
    static void validateNpmCasesInOneRun() {
        List<JsonNode> docs = new ArrayList<>();
        for (Case c : npmCases()) {
            docs.add(original(c.kind()).doc());
            docs.add(broken(c.kind(), c.breakIt()));
        }
        Validators.prepareNpm(docs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("npmCases")
    void npmModelsRefuse(Case c) {
        assertRefused(c.kind(), c.breakIt(), c.expected());
    }

    private static void assertRefused(String kind, Consumer<ObjectNode> breakIt, String expected) {
        Manifest manifest = original(kind);
        assertEquals(List.of(), Validators.problems(manifest.doc()), "the unbroken " + manifest + " is valid");
        List<String> problems = Validators.problems(broken(kind, breakIt));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "expected a problem naming '" + expected + "' for the broken " + manifest + ", got " + problems);
    }

    private static Manifest original(String kind) {
        return Rendered.of(Rendered.PROD).stream().filter(m -> m.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("prod renders no " + kind));
    }

    private static ObjectNode broken(String kind, Consumer<ObjectNode> breakIt) {
        ObjectNode broken = original(kind).doc().deepCopy();
        breakIt.accept(broken);
        return broken;
    }

    private static ObjectNode spec(ObjectNode doc) {
        return (ObjectNode) doc.get("spec");
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    private static ObjectNode acl(ObjectNode user) {
        JsonNode acl = user.at("/spec/authorization/acls/0");
        return (ObjectNode) acl;
    }
}
