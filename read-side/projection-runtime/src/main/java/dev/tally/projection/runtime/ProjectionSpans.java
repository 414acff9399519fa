package dev.tally.projection.runtime;

import dev.tally.envelope.EventEnvelope;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The projection's spans, made only when the host has an OpenTelemetry SDK that is not disabled
 * ({@code quarkus.otel.sdk.disabled}); otherwise every method returns null at once and nothing is paid.
 * <ul>
 * <li>{@code apply <view>} (kind CONSUMER), one per folded batch, a root span with a <em>link</em> to each event's
 * trace context (the CloudEvents {@code traceparent} the write side recorded, i.e. the command's span). A batch folds
 * events of many commands in one transaction, so no single command is its parent: links are the honest shape (as the
 * OpenTelemetry messaging conventions advise for batch processing). At most {@value #MAX_LINKS} distinct contexts are
 * linked; {@code tally.batch.traced_events} says how many events carried one.</li>
 * <li>{@code read-your-writes wait}, a child of the query's span, only when a query actually waits for
 * {@code minPosition}: from the wait's start until the view caught up or the wait timed out.</li>
 * </ul>
 */
@ApplicationScoped
public class ProjectionSpans {

    static final int MAX_LINKS = 128;

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<Long> COUNT = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<String> VIEW = AttributeKey.stringKey("tally.view");
    private static final AttributeKey<Long> GENERATION = AttributeKey.longKey("tally.generation");
    private static final AttributeKey<Long> TRACED = AttributeKey.longKey("tally.batch.traced_events");
    private static final AttributeKey<Long> APPLIED = AttributeKey.longKey("tally.batch.applied");
    private static final AttributeKey<Long> FRONTIER = AttributeKey.longKey("tally.frontier");
    private static final AttributeKey<Long> MIN_POSITION = AttributeKey.longKey("tally.min_position");
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
    private final String view;

    @Inject
    ProjectionSpans(Instance<OpenTelemetry> openTelemetry, ProjectionConfig config,
                    @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean sdkDisabled) {
        this(openTelemetry.isResolvable() && !sdkDisabled
                ? openTelemetry.get().getTracer("tally-projection-runtime") : null, config.view());
    }

    /** @param tracer null: no spans */
    ProjectionSpans(Tracer tracer, String view) {
        this.tracer = tracer;
        this.view = view;
    }

    /** A started {@code apply} span for a batch, or null when tracing is off or no event of it carries a context. */
    Span applying(int generation, List<? extends Incoming<?>> batch) {
        if (tracer == null) {
            return null;
        }
        SpanBuilder builder = null;
        Set<String> linked = new HashSet<>();
        long traced = 0;
        for (Incoming<?> in : batch) {
            EventEnvelope envelope = in.envelope();
            String traceparent = envelope == null ? null : envelope.traceparent();
            if (traceparent == null) {
                continue;
            }
            traced++;
            if (linked.size() < MAX_LINKS && linked.add(traceparent)) {
                SpanContext context = Span.fromContext(W3CTraceContextPropagator.getInstance()
                        .extract(Context.root(), traceparent, TRACEPARENT)).getSpanContext();
                if (context.isValid()) {
                    if (builder == null) {
                        builder = tracer.spanBuilder("apply " + view).setNoParent().setSpanKind(SpanKind.CONSUMER);
                    }
                    builder.addLink(context);
                }
            }
        }
        if (builder == null) {
            return null;
        }
        return builder.setAttribute(SYSTEM, "kafka").setAttribute(OPERATION, "process")
                .setAttribute(VIEW, view).setAttribute(GENERATION, (long) generation)
                .setAttribute(COUNT, (long) batch.size()).setAttribute(TRACED, traced)
                .startSpan();
    }

    /** Ends an {@link #applying} span (null: nothing). */
    static void applied(Span span, int applied, long frontier, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        } else {
            span.setAttribute(APPLIED, (long) applied);
            span.setAttribute(FRONTIER, frontier);
        }
        span.end();
    }

    /** A started span for a query that waits for {@code minPosition}, or null when its request is not traced. */
    Span waiting(long minPosition, long frontier) {
        if (tracer == null) {
            return null;
        }
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        return tracer.spanBuilder("read-your-writes wait").setParent(parent)
                .setAttribute(VIEW, view).setAttribute(MIN_POSITION, minPosition).setAttribute(FRONTIER, frontier)
                .startSpan();
    }

    /** Ends a {@link #waiting} span (null: nothing); a time-out is recorded as an error. */
    static void waited(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }
}
