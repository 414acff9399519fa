package dev.tally.kubernetes;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a service reads, taken from its own sources, so that the chart is checked against the services as they are:
 * the application.properties of its module (prod profile), the config keys its code and its Tally libraries read
 * (@ConfigMapping interfaces, @ConfigProperty, Config lookups), the environment its image's entry point expands,
 * and its Maven dependencies (which extensions serve which endpoints).
 */
final class ServiceConfig {

    static final Path REPO = Chart.MODULE.resolve("../..").normalize();

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s+(?:default\\s+)?[\\w<>, ?.]+\\s+(\\w+)\\(\\)",
            Pattern.MULTILINE);
    private static final Pattern LOOKUP = Pattern.compile(
            "(?:@ConfigProperty\\(name\\s*=|getOptionalValue\\(|getValue\\()\\s*\"([a-z][\\w.\\-\"]*)\"");
    private static final Pattern KEY_PREFIX = Pattern.compile("String prefix = \"([a-z][\\w.\\-]*\\.)\"");
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*(?:<!--.*?-->\\s*)?<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);

    final String component;
    final Path module;
    /** application.properties with the prod profile applied (the profile the images run). */
    final Map<String, String> properties;
    /** Config keys the service reads, and prefixes under which it reads any key. */
    final Set<String> keys = new LinkedHashSet<>();
    final Set<String> keyPrefixes = new LinkedHashSet<>();
    /** Environment variables named directly: ${VAR} in properties, $VAR in the image's entry point. */
    final Set<String> environment = new LinkedHashSet<>();
    /** Whether its Kafka clients take the application's kafka.* settings (Quarkus' default-kafka-broker map). */
    final boolean readsKafkaSettings;
    final Set<String> artifacts = new LinkedHashSet<>();

    private ServiceConfig(String component, Path module) {
        this.component = component;
        this.module = module;
        this.properties = prodProperties(module.resolve("src/main/resources/application.properties"));
        Set<Path> modules = new LinkedHashSet<>();
        collectModules(module, modules);
        StringBuilder sources = new StringBuilder();
        for (Path m : modules) {
            artifacts.addAll(dependencies(m).keySet());
            Path props = m.resolve("src/main/resources/application.properties");
            if (Files.exists(props)) {
                String text = read(props);
                prodProperties(props).keySet().forEach(keys::add);
                Matcher env = ENV_REFERENCE.matcher(text);
                while (env.find()) {
                    environment.add(env.group(1));
                }
            }
            javaSources(m).forEach(source -> sources.append(read(source)).append('\n'));
        }
        String code = sources.toString();
        readConfigMappings(code);
        Matcher lookup = LOOKUP.matcher(code);
        while (lookup.find()) {
            keys.add(lookup.group(1));
        }
        Matcher prefix = KEY_PREFIX.matcher(code);
        while (prefix.find()) {
            keyPrefixes.add(prefix.group(1));
        }
        readsKafkaSettings = code.contains("@Identifier(\"default-kafka-broker\")");
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            Path file = module.resolve("src/main/docker").resolve(dockerfile);
            if (Files.exists(file)) {
                read(file).lines().filter(l -> l.startsWith("ENTRYPOINT") || l.startsWith("CMD")).forEach(l -> {
                    Matcher v = SHELL_VARIABLE.matcher(l);
                    while (v.find()) {
                        environment.add(v.group(1));
                    }
                });
            }
        }
    }

    /** The service whose quarkus.application.name is tally-{component}, among the root pom's modules. */
    static ServiceConfig of(String component) {
        for (String m : rootModules()) {
            Path props = REPO.resolve(m).resolve("src/main/resources/application.properties");
            if (Files.exists(props)
                    && ("tally-" + component).equals(prodProperties(props).get("quarkus.application.name"))) {
                return new ServiceConfig(component, REPO.resolve(m));
            }
        }
        throw new AssertionError("no module with quarkus.application.name=tally-" + component);
    }

    /** Whether the service reads this environment variable (MicroProfile Config's mapping of names to keys). */
    boolean reads(String variable) {
        if (environment.contains(variable)) {
            return true;
        }
        if (variable.startsWith("KAFKA_")) {
            // Quarkus hands every kafka* setting to the Kafka clients: KAFKA_SSL_KEYSTORE_TYPE -> ssl.keystore.type.
            return readsKafkaSettings && kafkaClientSettings().contains(
                    variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return keys.stream().anyMatch(k -> asEnvironmentName(k).equals(variable))
                || keyPrefixes.stream().anyMatch(p -> variable.startsWith(asEnvironmentName(p)));
    }

    /** tally.db.url -> TALLY_DB_URL (MicroProfile Config: non-alphanumerics become '_', upper case). */
    static String asEnvironmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The value of a key the chart may override by environment: the variable if set, else the prod property. */
    Optional<String> effective(String key, Map<String, String> env) {
        return Optional.ofNullable(env.get(asEnvironmentName(key))).or(() -> Optional.ofNullable(properties.get(key)));
    }

    static Set<String> kafkaClientSettings() {
        Set<String> names = new LinkedHashSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    private void readConfigMappings(String code) {
        // Each @ConfigMapping interface: prefix + each accessor in kebab case (smallrye-config's default naming).
        for (String part : code.split("(?=@ConfigMapping\\()")) {
            Matcher mapping = CONFIG_MAPPING.matcher(part);
            if (!mapping.lookingAt()) {
                continue;
            }
            int end = part.indexOf("\n}");
            Matcher method = MAPPING_METHOD.matcher(end > 0 ? part.substring(0, end) : part);
            while (method.find()) {
                keys.add(mapping.group(1) + "." + method.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                        .toLowerCase(Locale.ROOT));
            }
        }
    }

    static Map<String, String> prodProperties(Path file) {
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> plain = new TreeMap<>();
        Map<String, String> prod = new TreeMap<>();
        raw.stringPropertyNames().forEach(k -> {
            if (k.startsWith("%prod.")) {
                prod.put(k.substring("%prod.".length()), raw.getProperty(k));
            } else if (!k.startsWith("%")) {
                plain.put(k, raw.getProperty(k));
            }
        });
        plain.putAll(prod);
        return plain;
    }

    /** The module and, recursively, the Tally modules it depends on (not in test scope). */
    private static void collectModules(Path module, Set<Path> into) {
        if (!into.add(module)) {
            return;
        }
        dependencies(module).forEach((artifact, group) -> {
            if (group.equals("dev.tally")) {
                moduleOf(artifact).ifPresent(m -> collectModules(m, into));
            }
        });
    }

    /** artifactId -> groupId of the module's non-test dependencies. */
    private static Map<String, String> dependencies(Path module) {
        Map<String, String> deps = new TreeMap<>();
        Matcher d = DEPENDENCY.matcher(read(module.resolve("pom.xml")));
        while (d.find()) {
            if (!d.group(3).contains("<scope>test</scope>") && !d.group(3).contains("<type>test-jar</type>")) {
                deps.put(d.group(2), d.group(1));
            }
        }
        return deps;
    }

    private static Optional<Path> moduleOf(String artifactId) {
        return rootModules().stream().map(REPO::resolve)
                .filter(m -> Pattern.compile("(?m)^  <artifactId>" + Pattern.quote(artifactId) + "</artifactId>")
                        .matcher(read(m.resolve("pom.xml"))).find())
                .findFirst();
    }

    static List<String> rootModules() {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read(REPO.resolve("pom.xml")));
        List<String> modules = new java.util.ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    private static List<Path> javaSources(Path module) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
