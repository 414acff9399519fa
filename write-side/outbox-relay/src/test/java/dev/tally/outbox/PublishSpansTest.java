package dev.tally.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.tally.eventstore.EventMetadata;
import dev.tally.eventstore.RecordedEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** A published event's span is a child of the context it was appended in, from send to acknowledgement. */
class PublishSpansTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String COMMAND_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final PublishSpans spans = new PublishSpans(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test"), "orders");

    @Test
    void aTracedEventsPublishIsAChildOfItsCommandEndedByTheAcknowledgement() {
        var span = spans.sending(event(7, "00-" + TRACE + "-" + COMMAND_SPAN + "-01"));
        assertEquals(List.of(), exported.getFinishedSpanItems(), "open until acknowledged");
        PublishSpans.acknowledged(span, new RecordMetadata(new TopicPartition("orders", 3), 41, 0, 0, 0, 0), null);

        SpanData published = exported.getFinishedSpanItems().get(0);
        assertEquals("publish orders", published.getName());
        assertEquals(SpanKind.PRODUCER, published.getKind());
        assertEquals(TRACE, published.getTraceId());
        assertEquals(COMMAND_SPAN, published.getParentSpanId());
        assertEquals(7L, published.getAttributes().get(AttributeKey.longKey("tally.position")));
        assertEquals(3L, published.getAttributes().get(AttributeKey.longKey("messaging.destination.partition.id")));
        assertEquals(41L, published.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset")));
    }

    @Test
    void aFailedSendIsAnError() {
        var span = spans.sending(event(8, "00-" + TRACE + "-" + COMMAND_SPAN + "-01"));
        PublishSpans.acknowledged(span, null, new IllegalStateException("broker away"));
        assertEquals(StatusCode.ERROR, exported.getFinishedSpanItems().get(0).getStatus().getStatusCode());
    }

    @Test
    void noContextOrNoTracerMeansNoSpan() {
        assertNull(spans.sending(event(9, null)));
        assertNull(spans.sending(event(10, "not-a-traceparent")));
        assertNull(PublishSpans.OFF.sending(event(11, "00-" + TRACE + "-" + COMMAND_SPAN + "-01")));
        PublishSpans.acknowledged(null, null, null);
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    private static RecordedEvent event(long position, String traceparent) {
        return new RecordedEvent(position, "stream-1", 1, UUID.randomUUID(), "Thing", 1, "{}",
                new EventMetadata("c", null, traceparent, "a"), Instant.now());
    }
}
