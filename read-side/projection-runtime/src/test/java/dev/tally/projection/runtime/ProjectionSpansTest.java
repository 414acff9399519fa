package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tally.envelope.EventEnvelope;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A batch's span links to each event's command; a read-your-writes wait is a child of the query's span. */
class ProjectionSpansTest {

    private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test");
    private final ProjectionSpans spans = new ProjectionSpans(tracer, "orders_view");

    @Test
    void aBatchSpanIsARootWithALinkToEachDistinctCommand() {
        String a = "00-" + TRACE_A + "-00f067aa0ba902b7-01";
        String b = "00-" + TRACE_B + "-b7ad6b7169203331-01";
        Span span = spans.applying(2, List.of(incoming(1, a), incoming(2, a), incoming(3, b), incoming(4, null)));
        ProjectionSpans.applied(span, 4, 4, null);

        SpanData batch = exported.getFinishedSpanItems().get(0);
        assertEquals("apply orders_view", batch.getName());
        assertEquals(SpanKind.CONSUMER, batch.getKind());
        assertFalse(batch.getParentSpanContext().isValid(), "no command is the batch's parent");
        assertEquals(Set.of(TRACE_A + "/00f067aa0ba902b7", TRACE_B + "/b7ad6b7169203331"), batch.getLinks().stream()
                .map(LinkData::getSpanContext).map(c -> c.getTraceId() + "/" + c.getSpanId())
                .collect(Collectors.toSet()));
        assertEquals(3L, batch.getAttributes().get(AttributeKey.longKey("tally.batch.traced_events")));
        assertEquals(4L, batch.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count")));
        assertEquals(4L, batch.getAttributes().get(AttributeKey.longKey("tally.frontier")));
    }

    @Test
    void aFailedBatchIsAnErrorAndAnUntracedBatchHasNoSpan() {
        Span span = spans.applying(1, List.of(incoming(5, "00-" + TRACE_A + "-00f067aa0ba902b7-01")));
        ProjectionSpans.applied(span, 0, -1, new IllegalStateException("database away"));
        assertEquals(StatusCode.ERROR, exported.getFinishedSpanItems().get(0).getStatus().getStatusCode());

        assertNull(spans.applying(1, List.of(incoming(6, null))));
        assertNull(new ProjectionSpans((Tracer) null, "v").applying(1,
                List.of(incoming(7, "00-" + TRACE_A + "-00f067aa0ba902b7-01"))));
    }

    @Test
    void aWaitIsAChildOfTheQueryOnlyInsideATrace() {
        assertNull(spans.waiting(10, 5), "no query span, no wait span");
        Span query = tracer.spanBuilder("GET /accounts/{id}").startSpan();
        try (Scope ignored = query.makeCurrent()) {
            ProjectionSpans.waited(spans.waiting(10, 5), null);
        }
        SpanData wait = exported.getFinishedSpanItems().get(0);
        assertEquals("read-your-writes wait", wait.getName());
        assertEquals(query.getSpanContext().getSpanId(), wait.getParentSpanId());
        assertEquals(10L, wait.getAttributes().get(AttributeKey.longKey("tally.min_position")));
    }

    private static Incoming<Object> incoming(long position, String traceparent) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), "Thing", 1, "s-" + position, 1, position,
                Instant.now(), null, null, traceparent, null, new byte[0]);
        return new Incoming<>(null, envelope, Incoming.Kind.EVENT, new Object(), null, position);
    }
}
