package dev.tally.ledger.consistency;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The last consistency audit's result as gauges (names in the README, "Observability"), so an alert can watch it:
 * differences per view ({@code view="conservation"} for the totals), whether each view could be checked, whether
 * the whole report was consistent, and when the audit finished. Before the first audit only the timestamp exists
 * (0). Views are the auditor's fixed list, so the label set is bounded.
 */
@Startup // registers its meters at start, so they are scraped (at 0) before the first command or audit
@ApplicationScoped
public class AuditMetrics {

    static final String CONSERVATION = "conservation";
    private static final List<String> VIEWS = List.of("accounts-view", "backoffice-view", "audit-view", CONSERVATION);

    private final Map<String, ViewResult> results = new ConcurrentHashMap<>();
    private volatile double consistent = Double.NaN;
    private volatile double finishedAt;

    AuditMetrics(MeterRegistry registry) {
        for (String view : VIEWS) {
            ViewResult result = new ViewResult();
            results.put(view, result);
            Gauge.builder("tally.consistency.differences", result, r -> r.differences).tag("view", view)
                    .description("Differences the last consistency audit found in the view (NaN before one ran)")
                    .register(registry);
            Gauge.builder("tally.consistency.view.unchecked", result, r -> r.unchecked).tag("view", view)
                    .description("1 if the last audit could not check the view (unreachable, not caught up)")
                    .register(registry);
        }
        Gauge.builder("tally.consistency.consistent", this, m -> m.consistent)
                .description("1 if the last audit found every view consistent, 0 if not").register(registry);
        Gauge.builder("tally.consistency.last.audit.timestamp", this, m -> m.finishedAt).baseUnit("seconds")
                .description("When the last consistency audit finished (Unix time; 0 before the first)")
                .register(registry);
    }

    void audited(ConsistencyReport report) {
        for (ConsistencyReport.ViewReport view : report.views()) {
            set(view.view(), view.differenceCount(), view.error() != null);
        }
        ConsistencyReport.Conservation conservation = report.conservation();
        if (conservation != null) {
            set(CONSERVATION, conservation.differences() == null ? 0 : conservation.differences().size(),
                    conservation.error() != null);
        }
        consistent = report.consistent() ? 1 : 0;
        finishedAt = System.currentTimeMillis() / 1000.0;
    }

    private void set(String view, long count, boolean unchecked) {
        ViewResult result = results.get(view);
        if (result != null) {
            result.differences = count;
            result.unchecked = unchecked ? 1 : 0;
        }
    }

    /** One view's figures from the last audit; NaN before the first. */
    private static final class ViewResult {
        volatile double differences = Double.NaN;
        volatile double unchecked = Double.NaN;
    }
}
