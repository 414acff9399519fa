package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.Uni;

/** The append span: a child of the caller's span until the append completes; none outside a trace. */
class AppendSpansTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test");
    private final AppendSpans spans = new AppendSpans(tracer);
    private final List<StreamAppend> appends = List.of(StreamAppend.of("s-1", ExpectedVersion.exactly(2),
            new NewEvent(UUID.randomUUID(), "Thing", 1, "{}", EventMetadata.EMPTY)));

    @Test
    void anAppendInsideATracedCallIsItsChildWithThePositions() {
        Span command = tracer.spanBuilder("command").startSpan();
        try (Scope ignored = command.makeCurrent()) {
            spans.around(appends, () -> Uni.createFrom().item(new AppendResult(Map.of("s-1", 3L), 17, 17)))
                    .await().indefinitely();
        }
        SpanData append = exported.getFinishedSpanItems().get(0);
        assertEquals("eventstore append", append.getName());
        assertEquals(SpanKind.CLIENT, append.getKind());
        assertEquals(command.getSpanContext().getSpanId(), append.getParentSpanId());
        assertEquals(17L, append.getAttributes().get(AttributeKey.longKey("tally.append.last_position")));
        assertEquals(1L, append.getAttributes().get(AttributeKey.longKey("tally.append.events")));
    }

    @Test
    void aLostRaceIsAnOutcomeNotAnError() {
        Span command = tracer.spanBuilder("command").startSpan();
        try (Scope ignored = command.makeCurrent()) {
            Uni<AppendResult> conflict = spans.around(appends, () -> Uni.createFrom()
                    .failure(new WrongExpectedVersionException("s-1", 2, 3, null)));
            assertThrows(WrongExpectedVersionException.class, () -> conflict.await().indefinitely());
        }
        SpanData append = exported.getFinishedSpanItems().get(0);
        assertEquals(Boolean.TRUE, append.getAttributes().get(AttributeKey.booleanKey("tally.append.conflict")));
        assertEquals(StatusCode.UNSET, append.getStatus().getStatusCode());
    }

    @Test
    void noSpanOutsideATraceOrWithoutATracer() {
        spans.around(appends, () -> Uni.createFrom().item(new AppendResult(Map.of("s-1", 3L), 1, 1)))
                .await().indefinitely();
        Span command = tracer.spanBuilder("command").startSpan();
        try (Scope ignored = command.makeCurrent()) {
            AppendSpans.OFF.around(appends, () -> Uni.createFrom().item(new AppendResult(Map.of("s-1", 3L), 1, 1)))
                    .await().indefinitely();
        }
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }
}
