package dev.tally.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * CloudNativePG resources against the operator's own CRD (src/test/resources/cloudnative-pg, a copy of the CRD at
 * a commit after v1.30.0; see the README there): the OpenAPI v3 schema of the served version, made strict the way
 * the API server's strict field validation is (kubectl's default): an object schema that lists its properties and
 * does not preserve unknown fields gets {@code additionalProperties: false}. The schema's CEL rules
 * (x-kubernetes-validations) are not evaluated here.
 */
final class CloudNativePgSchemas {

    static final String GROUP = "postgresql.cnpg.io";
    static final String CLUSTER_CRD = "cloudnative-pg/postgresql.cnpg.io_clusters.yaml";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private CloudNativePgSchemas() {
    }

    static List<String> problems(JsonNode doc) {
        if (!doc.path("kind").asText().equals("Cluster")) {
            return List.of("the chart's tests hold only the Cluster CRD, not " + doc.path("kind").asText());
        }
        JsonNode crd = crd(CLUSTER_CRD);
        String served = GROUP + "/" + crd.at("/spec/versions/0/name").asText();
        if (!doc.path("apiVersion").asText().equals(served)) {
            return List.of("apiVersion " + doc.path("apiVersion").asText() + " is not the served " + served);
        }
        ObjectNode schema = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
        strict(schema);
        Schema compiled = REGISTRY.getSchema(schema);
        List<String> problems = new ArrayList<>();
        for (Error error : compiled.validate(doc)) {
            problems.add(error.toString());
        }
        return problems;
    }

    /** The CRD as a tree; fails plainly when the copy is not on the test class path. */
    static JsonNode crd(String resource) {
        try (InputStream in = CloudNativePgSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("CloudNativePG's CRD is not on the test class path at " + resource
                        + " (deploy/kubernetes/src/test/resources/" + resource + ")");
            }
            return Yaml.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unknown fields fail wherever the schema lists the known ones (and does not say to keep unknown ones). */
    static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(CloudNativePgSchemas::strict);
        } else if (schema != null && schema.isArray()) {
            schema.elements().forEachRemaining(CloudNativePgSchemas::strict);
        }
    }
}
