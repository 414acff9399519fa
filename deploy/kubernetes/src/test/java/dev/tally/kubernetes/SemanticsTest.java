package dev.tally.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What schemas cannot catch: that the resources fit together and fit the services as their sources describe them
 * (ServiceConfig reads application.properties, the config the code reads, the image entry points and poms).
 */
class SemanticsTest {

    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");

    static List<Workload> workloads() {
        return Workload.all();
    }

    private static ServiceConfig config(Workload w) {
        return Configs.of(w.component());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void selectorsMatchThePodLabels(Workload w) {
        assertTrue(w.selectedBy(w.deployment().doc().at("/spec/selector/matchLabels")), "Deployment selector");
        String name = w.deployment().name();
        assertTrue(w.selectedBy(service(w).doc().at("/spec/selector")), "Service selector");
        assertTrue(w.find("PodDisruptionBudget", name).map(p -> w.selectedBy(p.doc().at("/spec/selector/matchLabels")))
                .orElse(false), "PodDisruptionBudget selector");
        w.podSpec().path("topologySpreadConstraints").forEach(t -> assertTrue(
                w.selectedBy(t.at("/labelSelector/matchLabels")), "topology spread selector"));
        w.find("NetworkPolicy", name).ifPresent(np -> assertTrue(w.selectedBy(np.doc().at("/spec/podSelector/matchLabels")),
                "NetworkPolicy selector"));
        // Every other selector of the release picks some pod of it, or an engine's pods.
        for (Manifest m : w.release()) {
            JsonNode selector = m.kind().equals("Service") ? m.doc().at("/spec/selector")
                    : m.doc().at("/spec/selector/matchLabels");
            if (List.of("Service", "PodDisruptionBudget").contains(m.kind())) {
                assertTrue(Workload.of(w.variant()).stream().anyMatch(o -> o.selectedBy(selector)),
                        m + " selects no pod");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void serviceTargetPortIsTheContainerPortTheServiceListensOn(Workload w) {
        JsonNode port = service(w).doc().at("/spec/ports/0");
        int containerPort = w.containerPort(port.path("targetPort")).orElseThrow(
                () -> new AssertionError("targetPort " + port.path("targetPort") + " is no container port"));
        int listens = Integer.parseInt(config(w).effective("quarkus.http.port", w.env()).orElseThrow());
        assertEquals(listens, containerPort, "the container port is quarkus.http.port");
        assertEquals(listens, port.path("port").asInt(), "the Service port is the service's own port");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void probesCallHealthEndpointsTheServiceHas(Workload w) {
        ServiceConfig c = config(w);
        assertTrue(c.artifacts.contains("quarkus-smallrye-health"), "the service has SmallRye Health");
        for (String key : List.of("quarkus.http.root-path", "quarkus.http.non-application-root-path",
                "quarkus.smallrye-health.root-path", "quarkus.smallrye-health.liveness-path",
                "quarkus.smallrye-health.readiness-path", "quarkus.smallrye-health.startup-path")) {
            assertFalse(c.properties.containsKey(key), key + " moves the health endpoints");
        }
        int listens = Integer.parseInt(c.effective("quarkus.http.port", w.env()).orElseThrow());
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = w.container().path(probe).path("httpGet");
            assertTrue(HEALTH_PATHS.contains(get.path("path").asText()), probe + " path " + get.path("path"));
            assertEquals(listens, w.containerPort(get.path("port")).orElse(-1), probe + " port");
        }
        assertEquals("/q/health/started", w.container().at("/startupProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", w.container().at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", w.container().at("/livenessProbe/httpGet/path").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void everyEnvironmentVariableIsOneTheServiceReads(Workload w) {
        ServiceConfig c = config(w);
        for (JsonNode e : w.envEntries()) {
            String name = e.path("name").asText();
            assertTrue(c.reads(name), w.component() + " reads no " + name);
        }
    }

    @Test
    void theEnvironmentCheckRefusesWhatNoServiceReads() {
        ServiceConfig writeSide = Configs.of("write-side");
        ServiceConfig view = Configs.of("accounts-view");
        // Found in the sources: a property with an environment default, a @ConfigMapping accessor, a Kafka setting.
        assertTrue(writeSide.reads("TALLY_DB_URL") && writeSide.reads("TALLY_RELAY_REPLICATION_FACTOR"));
        assertTrue(writeSide.reads("TALLY_RELAY_BATCH_SIZE") && view.reads("TALLY_PROJECTION_READ_YOUR_WRITES_TIMEOUT"));
        assertTrue(view.reads("KAFKA_SSL_TRUSTSTORE_LOCATION") && view.reads("JAVA_OPTS_APPEND"));
        for (String unread : List.of("TALLY_DB_URI", "KAFKA_SSL_TRUSTSTORE_LOCATON", "TALLY_PROJECTION_GROUP",
                "TALLY_ACCOUNTS_VIEW_URL_X", "MP_JWT_ISSUER")) {
            assertFalse(writeSide.reads(unread) || view.reads(unread), unread + " is read by nobody");
        }
        assertFalse(view.reads("TALLY_RELAY_TOPIC"), "a view has no relay");
        assertFalse(writeSide.reads("TALLY_PROJECTION_TOPIC"), "the write side has no projection");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void topicAndGroupNamesAreTheServicesOwn(Workload w) {
        ServiceConfig c = config(w);
        Map<String, String> env = w.env();
        JsonNode acls = kafkaUser(w).doc().at("/spec/authorization/acls");
        if (w.component().equals("write-side")) {
            String topic = c.effective("tally.relay.topic", env).orElseThrow();
            assertTrue(topicExists(w, topic), "KafkaTopic " + topic);
            assertTrue(allows(acls, "topic", topic, "Write"), "the write side may produce to " + topic);
            assertEquals(1, acls.size(), "the write side may do nothing else: " + acls);
            return;
        }
        String topic = c.effective("tally.projection.topic", env).orElseThrow();
        String group = c.effective("tally.projection.group-id", env).orElseThrow();
        String view = c.effective("tally.projection.view", env).orElseThrow();
        String deadLetters = c.effective("tally.projection.dead-letter-topic", env).orElse(topic + ".dlq." + view);
        assertTrue(topicExists(w, topic), "KafkaTopic " + topic);
        assertTrue(topicExists(w, deadLetters), "KafkaTopic " + deadLetters);
        assertTrue(allows(acls, "topic", topic, "Read"), "reads " + topic);
        assertTrue(allows(acls, "group", group, "Read"), "consumes in group " + group);
        assertTrue(allows(acls, "topic", deadLetters, "Write"), "produces to " + deadLetters);
        assertFalse(allows(acls, "topic", topic, "Write"), "a view never writes the log");
        assertEquals(3, acls.size(), "nothing else: " + acls);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void kafkaClientsUseTheTlsListenerWithTheirOwnUser(Workload w) {
        Map<String, String> env = w.env();
        Manifest kafka = w.kinds("Kafka").get(0);
        JsonNode listener = kafka.doc().at("/spec/kafka/listeners/0");
        assertTrue(listener.path("tls").asBoolean() && listener.at("/authentication/type").asText().equals("tls"));
        assertEquals(kafka.name() + "-kafka-bootstrap:" + listener.path("port").asInt(), env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("SSL", env.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals(kafkaUser(w).name(), secretOf(w, "KAFKA_SSL_KEYSTORE_PASSWORD"), "keystore of its own KafkaUser");
        assertEquals(kafka.name() + "-cluster-ca-cert", secretOf(w, "KAFKA_SSL_TRUSTSTORE_PASSWORD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void databaseRoleOwnsExactlyTheServicesSchemas(Workload w) {
        Manifest cluster = w.kinds("Cluster").get(0);
        String secret = secretOf(w, "TALLY_DB_PASSWORD");
        assertEquals(secret, secretOf(w, "TALLY_DB_USER"));
        String role = null;
        for (JsonNode r : cluster.doc().at("/spec/managed/roles")) {
            if (r.at("/passwordSecret/name").asText().equals(secret)) {
                role = r.path("name").asText();
            }
        }
        assertTrue(role != null, "a managed role takes its password from " + secret);
        List<String> sql = new ArrayList<>();
        cluster.doc().at("/spec/bootstrap/initdb/postInitApplicationSQL").forEach(s -> sql.add(s.asText()));
        for (String schema : config(w).properties.get("quarkus.flyway.schemas").split(",")) {
            assertTrue(sql.contains("CREATE SCHEMA " + schema.trim() + " AUTHORIZATION " + role), schema + " is " + role + "'s");
        }
        List<String> serviceSchemas = Stream.of("write-side", "accounts-view", "backoffice-view", "audit-view")
                .flatMap(s -> Stream.of(Configs.of(s).properties.get("quarkus.flyway.schemas").split(",")))
                .map(String::trim).toList();
        assertTrue(sql.stream().filter(s -> s.startsWith("GRANT") || s.startsWith("ALTER DEFAULT"))
                .noneMatch(s -> serviceSchemas.stream().anyMatch(schema -> s.matches("(?s).*\\b" + schema + "\\b.*"))),
                "no role is granted anything in a service's schema: " + sql);
        assertEquals("postgresql://" + cluster.name() + "-rw:5432/" + cluster.doc().at("/spec/bootstrap/initdb/database")
                .asText(), w.env().get("TALLY_DB_URL"), "the primary's service");
    }

    @Test
    void auditorCallsTheViewServices() {
        for (String variant : List.of(Rendered.DEV, Rendered.PROD)) {
            Workload writeSide = Workload.of(variant).stream().filter(w -> w.component().equals("write-side"))
                    .findFirst().orElseThrow();
            for (Workload view : Workload.of(variant)) {
                if (view.component().equals("write-side")) {
                    continue;
                }
                String variable = "TALLY_" + ServiceConfig.asEnvironmentName(view.component()) + "_URL";
                Manifest service = service(view);
                assertEquals("http://" + service.name() + ":" + service.doc().at("/spec/ports/0/port").asInt(),
                        writeSide.env().get(variable), variable);
                assertTrue(Configs.of("write-side").reads(variable));
            }
        }
    }

    @Test
    void autoscalersStayWithinThePartitionsOfTheLog() {
        for (String variant : List.of(Rendered.DEV, Rendered.PROD, Rendered.ALTERNATIVES)) {
            int partitions = Rendered.of(variant).stream().filter(m -> m.kind().equals("KafkaTopic"))
                    .filter(m -> m.doc().at("/spec/topicName").asText().equals("tally.ledger.events")).findFirst()
                    .orElseThrow().doc().at("/spec/partitions").asInt();
            for (Manifest m : Rendered.of(variant)) {
                int max = switch (m.kind()) {
                    case "ScaledObject" -> m.doc().at("/spec/maxReplicaCount").asInt();
                    case "HorizontalPodAutoscaler" -> m.doc().at("/spec/maxReplicas").asInt();
                    default -> 0;
                };
                assertTrue(max <= partitions, m + ": " + max + " replicas for " + partitions + " partitions");
                if (m.kind().equals("ScaledObject") || m.kind().equals("HorizontalPodAutoscaler")) {
                    String target = m.doc().at("/spec/scaleTargetRef/name").asText();
                    assertTrue(Rendered.of(variant).stream().anyMatch(d -> d.kind().equals("Deployment")
                            && d.name().equals(target) && !d.doc().at("/spec/replicas").isNumber()),
                            m + " scales a Deployment that leaves its replicas to it");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void disruptionBudgetAllowsRollingUpdatesAndDrains(Workload w) {
        JsonNode pdb = w.find("PodDisruptionBudget", w.deployment().name()).orElseThrow().doc().path("spec");
        int replicas = replicas(w);
        int allowed = pdb.has("maxUnavailable") ? pdb.path("maxUnavailable").asInt()
                : replicas - pdb.path("minAvailable").asInt();
        assertTrue(allowed >= 1, "a drain can evict a pod (" + replicas + " replicas, " + pdb + ")");
        JsonNode rolling = w.deployment().doc().at("/spec/strategy/rollingUpdate");
        assertTrue(rolling.path("maxSurge").asInt() + rolling.path("maxUnavailable").asInt() >= 1,
                "a rolling update can make progress");
        if (w.component().equals("write-side") && !w.variant().equals(Rendered.DEV)) {
            assertTrue(replicas >= 2, "the write side runs two replicas or more: one relay, a standby");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void gracePeriodCoversThePreStopPauseAndTheShutdownTimeout(Workload w) {
        long preStop = w.container().at("/lifecycle/preStop/sleep/seconds").asLong();
        Duration shutdown = quarkusDuration(config(w).effective("quarkus.shutdown.timeout", w.env()).orElseThrow());
        long grace = w.podSpec().path("terminationGracePeriodSeconds").asLong();
        assertTrue(preStop >= 1, "a pre-stop pause lets endpoints go before the server stops");
        assertTrue(grace > preStop + shutdown.toSeconds(), grace + " s grace <= " + preStop + " s + " + shutdown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void everyContainerHasResourcesAndALockedDownSecurityContext(Workload w) {
        JsonNode c = w.container();
        for (String pointer : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
            assertFalse(c.at(pointer).isMissingNode(), pointer);
        }
        JsonNode pod = w.podSpec().path("securityContext");
        JsonNode sc = c.path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean() || sc.path("runAsNonRoot").asBoolean(), "non-root");
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), "read-only root filesystem");
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), "no privilege escalation");
        assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString(), "all capabilities dropped");
        assertEquals("RuntimeDefault", pod.at("/seccompProfile/type").asText(sc.at("/seccompProfile/type").asText()));
        assertTrue(w.podSpec().path("volumes").toString().contains("emptyDir")
                && c.path("volumeMounts").toString().contains("\"/tmp\""), "a writable /tmp (the images need one)");
    }

    @Test
    void noSecretValueIsRenderedInPlainText() {
        Rendered.all().forEach(m -> {
            assertFalse(m.kind().equals("Secret") || m.kind().equals("ConfigMap"), m + ": values hold no secret");
            assertFalse(m.doc().toString().matches("(?s).*BEGIN [A-Z ]*PRIVATE KEY.*"), m + " holds a private key");
        });
        for (Workload w : Workload.all()) {
            for (JsonNode e : w.envEntries()) {
                String name = e.path("name").asText();
                if (name.matches(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE).*")) {
                    assertTrue(e.has("valueFrom") && !e.has("value"), w + ": " + name + " comes from a Secret");
                }
            }
        }
        Rendered.all("TriggerAuthentication").forEach(t -> assertTrue(t.doc().path("spec").has("secretTargetRef")
                && t.doc().path("spec").size() == 1, t + " reads its password from a Secret"));
    }

    @Test
    void networkPoliciesLetTheAuditorReachTheViewsAndNothingElseReachThem() {
        for (Workload w : Workload.of(Rendered.PROD)) {
            JsonNode policy = w.find("NetworkPolicy", w.deployment().name()).orElseThrow().doc().path("spec");
            boolean writeSideMayCall = false;
            for (JsonNode rule : policy.path("ingress")) {
                for (JsonNode from : rule.path("from")) {
                    writeSideMayCall |= from.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()
                            .equals("write-side");
                }
            }
            assertEquals(!w.component().equals("write-side"), writeSideMayCall, w + ": only views admit the auditor");
            assertEquals("[\"Ingress\",\"Egress\"]", policy.path("policyTypes").toString());
        }
    }

    private static int replicas(Workload w) {
        JsonNode replicas = w.deployment().doc().at("/spec/replicas");
        if (replicas.isNumber()) {
            return replicas.asInt();
        }
        return Stream.concat(w.kinds("ScaledObject").stream(), w.kinds("HorizontalPodAutoscaler").stream())
                .filter(a -> a.doc().at("/spec/scaleTargetRef/name").asText().equals(w.deployment().name()))
                .map(a -> a.doc().at("/spec/minReplicaCount").asInt(a.doc().at("/spec/minReplicas").asInt()))
                .findFirst().orElseThrow(() -> new AssertionError(w + " has neither replicas nor an autoscaler"));
    }

    private static Manifest service(Workload w) {
        return w.find("Service", w.deployment().name()).orElseThrow(() -> new AssertionError("no Service for " + w));
    }

    private static Manifest kafkaUser(Workload w) {
        return w.kinds("KafkaUser").stream().filter(u -> u.name().endsWith("-" + w.component())).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser for " + w));
    }

    private static boolean topicExists(Workload w, String topic) {
        return w.kinds("KafkaTopic").stream().anyMatch(t -> t.doc().at("/spec/topicName").asText().equals(topic));
    }

    private static boolean allows(JsonNode acls, String type, String name, String operation) {
        for (JsonNode acl : acls) {
            if (acl.at("/resource/type").asText().equals(type) && acl.at("/resource/name").asText().equals(name)
                    && acl.path("operations").toString().contains("\"" + operation + "\"")) {
                return true;
            }
        }
        return false;
    }

    private static String secretOf(Workload w, String variable) {
        return w.envEntries().stream().filter(e -> e.path("name").asText().equals(variable)).findFirst()
                .map(e -> e.at("/valueFrom/secretKeyRef/name").asText())
                .orElseThrow(() -> new AssertionError(w + " has no " + variable));
    }

    /** "10s", "1m", "PT10S" as Quarkus reads a Duration. */
    private static Duration quarkusDuration(String value) {
        if (value.startsWith("P")) {
            return Duration.parse(value);
        }
        return Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
    }
}
