package dev.tally.kubernetes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart rendered once per test JVM for each variant the tests check: the committed dev and prod values, and prod
 * with the alternatives they do not select (CPU HorizontalPodAutoscalers instead of KEDA, an Ingress instead of
 * HTTPRoutes, native images, the JWKS-URL key source), so that every template is validated.
 */
final class Rendered {

    static final String DEV = "dev";
    static final String PROD = "prod";
    static final String ALTERNATIVES = "prod-alternatives";

    private static final Map<String, List<Manifest>> VARIANTS = render();

    private Rendered() {
    }

    private static Map<String, List<Manifest>> render() {
        Map<String, List<Manifest>> variants = new LinkedHashMap<>();
        variants.put(DEV, parse(DEV, Chart.template(Chart.values("dev"))));
        variants.put(PROD, parse(PROD, Chart.template(Chart.values("prod"))));
        variants.put(ALTERNATIVES, parse(ALTERNATIVES, Chart.template(List.of(Chart.values("prod")), Map.of(
                "autoscaling.mode", "hpa", "exposure.kind", "ingress", "exposure.tlsSecretName", "tally-tls",
                "image.flavour", "native", "jwt.publicKeySecret.name", "", "jwt.publicKeyLocation",
                "https://issuer.example.com/jwks.json", "networkPolicy.jwksCidrs[0]", "203.0.113.0/24",
                "writeSide.javaOptsAppend", "-XX:+PrintFlagsFinal"))));
        return variants;
    }

    static String text(String variant) {
        return Chart.template(Chart.values(variant));
    }

    static Path committed(String variant) {
        return Chart.MODULE.resolve("rendered").resolve(variant + ".yaml");
    }

    static List<Manifest> of(String variant) {
        return VARIANTS.get(variant);
    }

    static Stream<Manifest> all() {
        return VARIANTS.values().stream().flatMap(List::stream);
    }

    static Stream<Manifest> all(String kind) {
        return all().filter(m -> m.kind().equals(kind));
    }

    private static List<Manifest> parse(String variant, String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        Yaml.readAll(yaml).forEach(doc -> manifests.add(new Manifest(variant, doc)));
        return manifests;
    }
}
