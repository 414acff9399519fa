package dev.tally.system;

import static dev.tally.system.Http.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engines.ServiceProcess;
import dev.tally.system.OtlpReceiver.Received;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces across the running system: a system of its own whose four services export spans over OTLP/HTTP to an
 * in-test receiver ({@link OtlpReceiver}) and write JSON logs. One command's trace id is followed from the write
 * side's server span through the event store's append, the relay's publish (and the Kafka record's
 * {@code ce_traceparent}) to every view's apply span, which links to the command's span; a query that waits for
 * {@code minPosition} shows the wait as a span; a request's JSON log line carries correlation id, trace and actor.
 */
class TracesIT {

    private static final String TOPIC = "tally.ledger.events";
    private static OtlpReceiver receiver;
    private static TallySystem system;

    @BeforeAll
    static void start() throws Exception {
        receiver = new OtlpReceiver();
        system = TallySystem.start(1, "traced", Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms",
                "TALLY_LOG_JSON", "true",
                "QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true"));
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void oneCommandIsOneTraceFromTheWriteSideThroughKafkaToEveryView() throws Exception {
        String owner = "trace-" + UUID.randomUUID().toString().substring(0, 8);
        String account = as(system.writeSide, "admin", "trace-admin")
                .body(Map.of("ownerId", owner, "currency", "EUR")).post("/accounts")
                .then().statusCode(201).extract().path("accountId");

        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        long position = ((Number) as(system.writeSide, "admin", "trace-admin")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .body(Map.of("amount", 700)).post("/accounts/" + account + "/deposits")
                .then().statusCode(200).extract().path("position")).longValue();

        // The command's server span: a child of the caller's span, in the caller's trace.
        Received command = await("the write side's server span",
                s -> s.traceId().equals(traceId) && s.kind() == SpanKind.SPAN_KIND_SERVER
                        && s.service().equals("tally-write-side"));
        assertEquals(callerSpan, command.parentSpanId());
        Received append = await("the event store's append span",
                s -> s.traceId().equals(traceId) && s.name().equals("eventstore append"));
        assertEquals(command.spanId(), append.parentSpanId());
        assertEquals(Long.toString(position), append.attribute("tally.append.last_position"));

        // The event carries the command's span on Kafka as the CloudEvents distributed-tracing extension.
        String traceparent = "00-" + traceId + "-" + command.spanId() + "-01";
        assertEquals(traceparent, ceTraceparent(position));

        Received publish = await("the relay's publish span",
                s -> s.traceId().equals(traceId) && s.kind() == SpanKind.SPAN_KIND_PRODUCER);
        assertEquals("tally-write-side", publish.service());
        assertEquals(command.spanId(), publish.parentSpanId());
        assertEquals(Long.toString(position), publish.attribute("tally.position"));

        for (String view : List.of("tally-accounts-view", "tally-backoffice-view", "tally-audit-view")) {
            Received apply = await(view + "'s apply span linked to the command",
                    s -> s.service().equals(view) && s.kind() == SpanKind.SPAN_KIND_CONSUMER
                            && s.links().stream().anyMatch(l -> l[0].equals(traceId) && l[1].equals(command.spanId())));
            assertTrue(apply.name().startsWith("apply "), apply.name());
        }
    }

    @Test
    void aQueryThatWaitsForMinPositionShowsTheWait() throws Exception {
        String owner = "wait-" + UUID.randomUUID().toString().substring(0, 8);
        String account = as(system.writeSide, "admin", "trace-admin")
                .body(Map.of("ownerId", owner, "currency", "EUR")).post("/accounts")
                .then().statusCode(201).extract().path("accountId");
        // Nothing else writes to this system while the test runs, so the next command takes the next position.
        long head = ((Number) as(system.writeSide, "admin", "trace-admin")
                .body(Map.of("amount", 1)).post("/accounts/" + account + "/deposits")
                .then().statusCode(200).extract().path("position")).longValue();
        String traceId = randomHex(16);
        CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> as(system.backoffice, "backoffice", "bo")
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .get("/accounts/" + account + "?minPosition=" + (head + 1)).statusCode());
        awaitWaitingQueries(system.backoffice, 1); // the query is waiting now, not still on its way
        as(system.writeSide, "admin", "trace-admin").body(Map.of("amount", 2))
                .post("/accounts/" + account + "/deposits").then().statusCode(200);
        assertEquals(200, query.get().intValue());

        Received server = await("the backoffice query's server span",
                s -> s.traceId().equals(traceId) && s.kind() == SpanKind.SPAN_KIND_SERVER);
        Received wait = await("the read-your-writes wait span",
                s -> s.traceId().equals(traceId) && s.name().equals("read-your-writes wait"));
        assertEquals(server.spanId(), wait.parentSpanId());
        assertEquals(Long.toString(head + 1), wait.attribute("tally.min_position"));
    }

    @Test
    void aRequestsJsonLogLineCarriesCorrelationIdTraceAndActor() throws Exception {
        String correlation = "json-log-" + UUID.randomUUID();
        String traceId = randomHex(16);
        as(system.audit, "auditor", "log-auditor").header("X-Correlation-Id", correlation)
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .get("/journal?limit=1").then().statusCode(200);
        JsonNode line = awaitLogLine(system.audit, correlation);
        JsonNode mdc = line.path("mdc");
        assertEquals(correlation, mdc.path("correlationId").asText(), line.toString());
        assertEquals("log-auditor", mdc.path("actor").asText(), line.toString());
        assertEquals(traceId, mdc.path("traceId").asText(), line.toString());
        assertEquals(16, mdc.path("spanId").asText().length(), line.toString());
    }

    private static JsonNode awaitLogLine(ServiceProcess service, String containing) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            seen = Files.readAllLines(service.logFile(), StandardCharsets.UTF_8);
            for (String line : seen) {
                if (line.startsWith("{") && line.contains(containing)) {
                    return json.readTree(line);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no JSON log line with " + containing + " in " + service.logFile() + "; last lines: "
                + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
    }

    /** Until the view's gauge of queries waiting for {@code minPosition} reads {@code count}. */
    private static void awaitWaitingQueries(ServiceProcess view, int count) throws InterruptedException {
        Pattern gauge = Pattern.compile("^tally_projection_read_your_writes_waiting\\{[^}]*} (\\S+)$",
                Pattern.MULTILINE);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = given().baseUri(view.baseUrl()).accept("text/plain").get("/q/metrics").asString();
            Matcher m = gauge.matcher(metrics);
            if (m.find() && Double.parseDouble(m.group(1)) == count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the view never had " + count + " waiting queries: " + metrics.lines()
                .filter(l -> l.startsWith("tally_projection_read_your_writes_waiting")).toList());
    }

    private static Received await(String what, Predicate<Received> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Received span : receiver.spans()) {
                if (match.test(span)) {
                    return span;
                }
            }
            Thread.sleep(100);
        }
        List<String> names = receiver.spans().stream().map(s -> s.service() + ":" + s.name() + ":" + s.traceId())
                .toList();
        throw new AssertionError("no " + what + " among " + names.size() + " spans: " + names);
    }

    private static String ceTraceparent(long position) {
        Properties config = new Properties();
        config.put("bootstrap.servers", system.kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "traces-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var header = record.headers().lastHeader("ce_position");
                    if (header != null && new String(header.value(), StandardCharsets.UTF_8)
                            .equals(Long.toString(position))) {
                        var traceparent = record.headers().lastHeader("ce_traceparent");
                        assertNotNull(traceparent, "the record at position " + position + " has no ce_traceparent");
                        return new String(traceparent.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("no record at position " + position + " on " + TOPIC);
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never all zeros (invalid)
        return HexFormat.of().formatHex(id);
    }
}
