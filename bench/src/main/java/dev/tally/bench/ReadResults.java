package dev.tally.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/** Everything one read-side run measured, filled in phase by phase; {@link ReadReport} renders it. */
final class ReadResults {

    final Map<String, String> machine = new LinkedHashMap<>();
    /** Events written to the log, per type. */
    final Map<String, Long> eventCounts = new LinkedHashMap<>();
    Baseline produce;
    Baseline rawConsumer;
    Baseline rawConsumerParsing;
    Baseline rawInsert;
    final List<CatchUp.CatchUpResult> catchUps = new ArrayList<>();
    /** Per view: pg_stat_statements over its catch-up, per event of the log; empty when not measured. */
    final Map<String, List<PgStatements.Statement>> catchUpStatements = new LinkedHashMap<>();
    /** Why pg_stat_statements could not be used in this run; null when it was. */
    String statementsUnavailable;
    EndToEndResult endToEnd;
    final List<String> notes = new ArrayList<>();
    String failure;

    /** A baseline or preparation step: {@code count} items in {@code seconds}, and who used the CPU meanwhile. */
    record Baseline(String name, String how, long count, double seconds, CpuMeter.Usage cpu) {
        double perSecond() {
            return count / seconds;
        }
    }

    /**
     * @param phase          the open loop's own figures (rate, completed, errors; latency from the scheduled time to
     *                       visible everywhere)
     * @param visible        2xx acknowledged → the last of the three views answered
     * @param acknowledged   command sent → 2xx
     * @param perView        acknowledged → that view answered
     * @param warmupErrors   failed commands during the unmeasured warm-up
     * @param relay          GET /relay after the measurement (its lag window reset at the start)
     */
    record EndToEndResult(PhaseResult phase, Latencies.Summary visible, Latencies.Summary acknowledged,
                          Map<ReadView, Latencies.Summary> perView, long commandFailures, long viewFailures,
                          long unavailable, long warmupErrors, JsonObject relay, String startedFrom) {
    }
}
