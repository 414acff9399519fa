package dev.tally.outbox;

import java.util.List;

import org.apache.kafka.clients.producer.RecordMetadata;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import dev.tally.eventstore.RecordedEvent;

/**
 * One span per published event ({@code publish <topic>}, kind PRODUCER), a child of the context the event was
 * appended in (its {@code traceparent}, which also travels unchanged on the record as {@code ce_traceparent}): it starts
 * at the send and ends at the broker's acknowledgement (or the failure). The relay sends and acknowledges each record
 * on its own, so a span per record is what happened; an event without a trace context gets no span, and with tracing
 * off ({@link #OFF}) nothing is done at all.
 */
final class PublishSpans {

    static final PublishSpans OFF = new PublishSpans(null, null);

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<Long> POSITION = AttributeKey.longKey("tally.position");
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final String topic;

    /** @param tracer null: no spans */
    PublishSpans(Tracer tracer, String topic) {
        this.tracer = tracer;
        this.topic = topic;
    }

    /** A started span for sending {@code event}, or null when it is not traced. */
    Span sending(RecordedEvent event) {
        String traceparent = tracer == null ? null : event.metadata().traceparent();
        if (traceparent == null) {
            return null;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        return tracer.spanBuilder("publish " + topic).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "send")
                .setAttribute(MESSAGE_ID, event.eventId().toString())
                .setAttribute(POSITION, event.position())
                .startSpan();
    }

    /** Ends a span of {@link #sending} (null: nothing) with the broker's answer. */
    static void acknowledged(Span span, RecordMetadata metadata, Exception error) {
        if (span == null) {
            return;
        }
        if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        } else if (metadata != null) {
            span.setAttribute(PARTITION, (long) metadata.partition());
            span.setAttribute(OFFSET, metadata.offset());
        }
        span.end();
    }
}
