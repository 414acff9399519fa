package dev.tally.ledger.api;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * The W3C {@code traceparent} recorded in a command's events (and sent on Kafka as the CloudEvents distributed-tracing
 * extension): the command's own server span while tracing is on, so the relay's and the views' spans point at it;
 * with tracing off, the caller's {@code traceparent} header when well-formed (so a caller's trace still reaches the
 * events), else none.
 */
final class EventTraceparent {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private EventTraceparent() {
    }

    static String of(String callerHeader) {
        Context current = Context.current();
        if (Span.fromContext(current).getSpanContext().isValid()) {
            Map<String, String> carrier = new HashMap<>(2);
            W3CTraceContextPropagator.getInstance().inject(current, carrier, Map::put);
            String traceparent = carrier.get("traceparent");
            if (traceparent != null) {
                return traceparent;
            }
        }
        return callerHeader != null && TRACEPARENT.matcher(callerHeader).matches() ? callerHeader : null;
    }
}
