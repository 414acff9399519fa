package dev.tally.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * CloudNativePG resources against the operator's own CRD, read from {@code shared/k8s-crds/cloudnative-pg} beside the
 * project (a commit after v1.30.0; no registry publishes it; see the README there), or from the directory named by
 * {@code -Dtally.k8s.crds}: the OpenAPI v3 schema of the served version, made strict the way
 * the API server's strict field validation is (kubectl's default): an object schema that lists its properties and
 * does not preserve unknown fields gets {@code additionalProperties: false}. The schema's CEL rules
 * (x-kubernetes-validations) are not evaluated here.
 */
final class CloudNativePgSchemas {

    static final String GROUP = "postgresql.cnpg.io";
    static final String CLUSTER_CRD = "cloudnative-pg/postgresql.cnpg.io_clusters.yaml";
    private static final Path SHARED = Path.of("shared", "k8s-crds");

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

    /**
     * The CRD as a tree. Where it cannot be found (a checkout without the shared data beside it), the test that needs it
     * is skipped and says so plainly, rather than passing without a check.
     */
    static JsonNode crd(String file) {
        Optional<Path> found = locate(file);
        Assumptions.assumeTrue(found.isPresent(), "CloudNativePG's CRD " + file + " was not found in "
                + SHARED + " beside the project or in -Dtally.k8s.crds: the Cluster is NOT checked against its schema");
        try {
            return Yaml.read(Files.readString(found.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> locate(String file) {
        String given = System.getProperty("tally.k8s.crds");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given).resolve(file)).filter(Files::isRegularFile);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHARED).resolve(file);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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
