package dev.tally.system;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry collector for tests: OTLP over HTTP with protobuf ({@code POST /v1/traces}) on a free
 * loopback port, decoded with the OTLP protobuf classes and kept in memory, each span with its service's name.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A received span: ids in lower-case hex as in a {@code traceparent}; links as (trace id, span id). */
    record Received(String service, String name, Span.SpanKind kind, String traceId, String spanId,
                    String parentSpanId, List<String[]> links, List<KeyValue> attributes, List<String> events) {

        String attribute(String key) {
            return attributes.stream().filter(a -> a.getKey().equals(key)).findFirst()
                    .map(a -> a.getValue().hasIntValue() ? Long.toString(a.getValue().getIntValue())
                            : a.getValue().getStringValue())
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> spans = new ArrayList<>();
    private int requests;

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                keep(ExportTraceServiceRequest.parseFrom(body));
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The endpoint to give {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} (with protocol {@code http/protobuf}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Received> spans() {
        return List.copyOf(spans);
    }

    synchronized int requests() {
        return requests;
    }

    private synchronized void keep(ExportTraceServiceRequest request) {
        requests++;
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = serviceName(resourceSpans.getResource());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    List<String[]> links = span.getLinksList().stream()
                            .map(l -> new String[] {hex.formatHex(l.getTraceId().toByteArray()),
                                    hex.formatHex(l.getSpanId().toByteArray())})
                            .toList();
                    spans.add(new Received(service, span.getName(), span.getKind(),
                            hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()), links, span.getAttributesList(),
                            span.getEventsList().stream().map(Span.Event::getName).toList()));
                }
            }
        }
    }

    private static String serviceName(Resource resource) {
        return resource.getAttributesList().stream().filter(a -> a.getKey().equals("service.name")).findFirst()
                .map(a -> a.getValue().getStringValue()).orElse("?");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
