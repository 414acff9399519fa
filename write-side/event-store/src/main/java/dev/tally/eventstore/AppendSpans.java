package dev.tally.eventstore;

import java.util.List;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * The append as a span ({@code eventstore append}, kind CLIENT), a child of the caller's current span: it lasts from
 * the call until the append is durable (or failed), so a group-committed append shows its wait for the shared
 * transaction too. Made only inside a traced call: without a tracer, or outside any span, the append runs as is and
 * pays nothing but one context lookup. A lost optimistic-concurrency race is an expected outcome, recorded as the
 * attribute {@code tally.append.conflict}, not as an error.
 */
final class AppendSpans {

    static final AppendSpans OFF = new AppendSpans(null);

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<Long> STREAMS = AttributeKey.longKey("tally.append.streams");
    private static final AttributeKey<Long> EVENTS = AttributeKey.longKey("tally.append.events");
    private static final AttributeKey<Long> FIRST = AttributeKey.longKey("tally.append.first_position");
    private static final AttributeKey<Long> LAST = AttributeKey.longKey("tally.append.last_position");
    private static final AttributeKey<Boolean> CONFLICT = AttributeKey.booleanKey("tally.append.conflict");
    private static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("tally.append.cancelled");

    private final Tracer tracer;

    /** @param tracer null: no spans */
    AppendSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    Uni<AppendResult> around(List<StreamAppend> appends, Supplier<Uni<AppendResult>> append) {
        if (tracer == null) {
            return append.get();
        }
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return append.get();
        }
        Span span = tracer.spanBuilder("eventstore append").setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, "postgresql")
                .setAttribute(STREAMS, (long) appends.size())
                .setAttribute(EVENTS, (long) appends.stream().mapToInt(a -> a.events().size()).sum())
                .startSpan();
        return append.get().onTermination().invoke((result, failure, cancelled) -> {
            if (cancelled) {
                span.setAttribute(CANCELLED, true);
            } else if (failure instanceof WrongExpectedVersionException) {
                span.setAttribute(CONFLICT, true);
            } else if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            } else {
                span.setAttribute(FIRST, result.firstPosition());
                span.setAttribute(LAST, result.lastPosition());
            }
            span.end();
        });
    }
}
