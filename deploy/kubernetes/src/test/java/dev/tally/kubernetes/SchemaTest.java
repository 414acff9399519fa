package dev.tally.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered resource of every variant against the schema of its API group (see Validators). */
class SchemaTest {

    @BeforeAll
    static void validateNpmGroupsInOneRun() {
        Validators.prepareNpm(Rendered.all().map(Manifest::doc).toList());
    }

    static Stream<Manifest> manifests() {
        return Rendered.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void matchesItsSchema(Manifest manifest) {
        assertEquals(List.of(), Validators.problems(manifest.doc()), manifest::toString);
    }

    /** The variants together render every kind the chart has, so each template is validated somewhere. */
    @Test
    void variantsCoverEveryKind() {
        Set<String> kinds = Rendered.all().map(Manifest::kind).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(new java.util.TreeSet<>(List.of("Cluster", "Deployment", "HTTPRoute", "HorizontalPodAutoscaler",
                "Ingress", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "NetworkPolicy", "PodDisruptionBudget",
                "PodMonitor", "PrometheusRule", "ScaledObject", "Service", "TriggerAuthentication")), kinds);
    }

    @Test
    void noSecretIsRendered() {
        assertTrue(Rendered.all("Secret").findAny().isEmpty(), "the chart renders no Secret: values never hold one");
    }
}
