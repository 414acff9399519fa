package dev.tally.bench;

import static dev.tally.bench.Report.ms;
import static dev.tally.bench.Report.num;
import static dev.tally.bench.Report.pct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Renders {@link ReadResults} as the Markdown report (goals, tables, evidence) and as JSON. */
final class ReadReport {

    private static final int TOP_STATEMENTS = 8;

    private final ReadResults r;
    private final ReadOptions options;
    private final StringBuilder md = new StringBuilder();

    ReadReport(ReadResults results, ReadOptions options) {
        this.r = results;
        this.options = options;
    }

    String markdown(String title) {
        line("# " + title);
        line("");
        line("Command: `" + options.command() + "`");
        line("");
        if (options.quick()) {
            line("**Quick smoke run (--quick): too small and too short for the numbers to be meaningful.**");
            line("");
        }
        if (r.failure != null) {
            line("**The run failed before it finished:** " + r.failure);
            line("");
        }
        table("Machine and setup", List.of("fact", "value"), r.machine.entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue())).toList());
        goals();
        log();
        baselines();
        catchUps();
        endToEnd();
        if (!r.notes.isEmpty()) {
            line("## Notes");
            line("");
            r.notes.forEach(n -> line("- " + n));
            line("");
        }
        return md.toString();
    }

    private void goals() {
        line("## Goals (issue 4)");
        line("");
        line("| goal | measured | status |");
        line("|---|---|---|");
        for (CatchUp.CatchUpResult c : r.catchUps) {
            double rate = c.rateFromReady();
            line("| " + c.view() + " catch-up ≥ " + num(ReadBenchmark.CATCH_UP_GOAL) + " events/s | " + num(rate)
                    + " events/s from readiness (" + num(c.rateFromStart()) + " from process start); "
                    + pct(rate / perSecond(r.rawConsumer)) + " of the raw consumer, "
                    + pct(rate / perSecond(r.rawInsert)) + " of the raw insert | "
                    + (!c.caughtUp() ? "NOT MET (did not catch up within " + options.catchUpTimeout().toSeconds()
                    + " s)" : rate >= ReadBenchmark.CATCH_UP_GOAL ? "MET" : "NOT MET") + " |");
        }
        for (ReadView v : options.views()) {
            if (r.catchUps.stream().noneMatch(c -> c.view().equals(v.service))) {
                line("| " + v.service + " catch-up ≥ " + num(ReadBenchmark.CATCH_UP_GOAL) + " events/s | not measured"
                        + " | NOT MEASURED |");
            }
        }
        ReadResults.EndToEndResult e = r.endToEnd;
        if (e != null) {
            long failures = e.phase().errors();
            double p99 = e.visible().p99();
            line("| command acknowledged → visible in all three views, p99 < " + num(ReadBenchmark.VISIBLE_P99_GOAL_MS)
                    + " ms at " + num(options.rate()) + " commands/s | p99 " + ms(p99) + " ms (p50 " + ms(e.visible().p50())
                    + ", max " + ms(e.visible().max()) + ") over " + e.visible().count() + " commands, "
                    + num(e.phase().throughput()) + "/s achieved | " + (failures > 0 ? "NOT MET (failures)"
                    : p99 < ReadBenchmark.VISIBLE_P99_GOAL_MS ? "MET" : "NOT MET") + " |");
            line("| no failed command or query (a valid run) | " + failures + " failed (" + e.commandFailures()
                    + " commands, " + e.viewFailures() + " view queries of which " + e.unavailable() + " 503) | "
                    + (failures == 0 ? "MET" : "NOT MET (run invalid)") + " |");
        } else {
            line("| command acknowledged → visible in all three views, p99 < 100 ms | not measured | NOT MEASURED |");
        }
        line("");
    }

    private void log() {
        if (r.produce == null) {
            return;
        }
        line("## The log");
        line("");
        line(r.produce.count() + " events on `" + LedgerTopic.TOPIC + "` (" + LedgerTopic.PARTITIONS + " partitions), "
                + "positions 1.." + r.produce.count() + " dense, per-stream versions consecutive, " + options.accounts()
                + " accounts, event times spread over 30 days. " + r.produce.how() + ". Written in "
                + secs(r.produce.seconds()) + " s (" + num(r.produce.perSecond()) + " events/s).");
        line("");
        line("| type | events |");
        line("|---|---:|");
        r.eventCounts.forEach((k, v) -> line("| " + k + " | " + v + " |"));
        line("");
    }

    private void baselines() {
        line("## Baselines (same run, same engines)");
        line("");
        line("| baseline | how | items | seconds | per second | CPU µs per item (bench + engines) | cores: "
                + String.join(" / ", cpuColumns()) + " |");
        line("|---|---|---:|---:|---:|---:|---|");
        for (ReadResults.Baseline b : new ReadResults.Baseline[] {r.rawConsumer, r.rawConsumerParsing, r.rawInsert}) {
            if (b != null) {
                line("| " + b.name() + " | " + b.how() + " | " + b.count() + " | " + secs(b.seconds()) + " | "
                        + num(b.perSecond()) + " | " + fmt1(cpuMicrosPerItem(b.cpu(), b.seconds(), b.count(),
                        "bench", "postgres", "kafka")) + " | " + cpuCells(b.cpu()) + " |");
            }
        }
        line("");
    }

    private void catchUps() {
        if (r.catchUps.isEmpty()) {
            return;
        }
        line("## Catch-up of each view over the whole log (one view at a time)");
        line("");
        line("Each service starts on a log it has never read; \"from ready\" counts the events folded after "
                + "`/q/health/ready` answered UP, over the time from then until `GET /projection` showed frontier = N and "
                + "lagEvents = 0; \"from start\" counts all of them from process start (JVM start-up and migrations "
                + "included).");
        line("");
        line("| view | start-up s | catch-up s (from ready) | events/s from ready | events/s from start | "
                + "share of raw consumer | of consumer + parse | of raw insert | applied | dead-lettered | skipped "
                + "| gaps | status |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (CatchUp.CatchUpResult c : r.catchUps) {
            line("| " + c.view() + " | " + secs(c.startupSeconds()) + " | " + secs(c.secondsFromReady()) + " | "
                    + num(c.rateFromReady()) + " | " + num(c.rateFromStart()) + " | "
                    + pct(c.rateFromReady() / perSecond(r.rawConsumer)) + " | "
                    + pct(c.rateFromReady() / perSecond(r.rawConsumerParsing)) + " | "
                    + pct(c.rateFromReady() / perSecond(r.rawInsert)) + " | " + c.eventsApplied() + " | "
                    + c.deadLettered() + " | " + c.skipped() + " | " + c.gaps() + " | " + c.status()
                    + (c.caughtUp() ? "" : " (stopped at frontier " + c.frontier() + ")") + " |");
        }
        line("");
        line("### Where the time went during catch-up (from readiness to caught up)");
        line("");
        line("Cores busy per component (the machine has " + r.machine.getOrDefault("cores", "?") + "); `other` is CPU "
                + "of processes this benchmark did not start.");
        line("");
        line("CPU µs per event = core-seconds used from readiness to caught up / events folded meanwhile: what a "
                + "view costs whatever else runs on the machine.");
        line("");
        line("| view | " + String.join(" | ", cpuColumns()) + " | CPU µs per event: service / PostgreSQL / Kafka |");
        line("|---|" + "---:|".repeat(cpuColumns().size()) + "---|");
        for (CatchUp.CatchUpResult c : r.catchUps) {
            long folded = c.frontier() - c.frontierAtReady();
            String service = c.view().replace("-view", "");
            line("| " + c.view() + " | " + cpuCells(c.cpuFromReady()).replace(" / ", " | ") + " | "
                    + fmt1(cpuMicrosPerItem(c.cpuFromReady(), c.secondsFromReady(), folded, service)) + " / "
                    + fmt1(cpuMicrosPerItem(c.cpuFromReady(), c.secondsFromReady(), folded, "postgres")) + " / "
                    + fmt1(cpuMicrosPerItem(c.cpuFromReady(), c.secondsFromReady(), folded, "kafka")) + " |");
        }
        line("");
        line("PostgreSQL during the whole catch-up (pg_stat_database differences; `busy` = time backends spent "
                + "executing statements / wall time) and the batches the runtime reported (`GET /projection` "
                + "lastBatch, sampled every 250 ms):");
        line("");
        line("| view | transactions | events per transaction | rows inserted / updated / deleted per event | "
                + "PostgreSQL busy | idle in transaction | backends running / io / lock (avg) | batch events mean / max "
                + "| batch events/s (mean) |");
        line("|---|---:|---:|---|---:|---:|---|---|---:|");
        for (CatchUp.CatchUpResult c : r.catchUps) {
            Map<String, Double> d = c.pgDelta();
            double tx = d.getOrDefault("xact_commit", 0.0);
            double events = c.frontier();
            double wallMs = c.secondsFromStart() * 1000;
            Map<String, Double> b = c.backends();
            line("| " + c.view() + " | " + num(tx) + " | " + (tx == 0 ? "n/a" : fmt1(events / tx)) + " | "
                    + fmt2(d.getOrDefault("tup_inserted", 0.0) / events) + " / "
                    + fmt2(d.getOrDefault("tup_updated", 0.0) / events) + " / "
                    + fmt2(d.getOrDefault("tup_deleted", 0.0) / events) + " | "
                    + pct(d.getOrDefault("active_time", 0.0) / wallMs) + " | "
                    + pct(d.getOrDefault("idle_in_transaction_time", 0.0) / wallMs) + " | "
                    + fmt2(b.getOrDefault("running", 0.0)) + " / " + fmt2(b.getOrDefault("io", 0.0)) + " / "
                    + fmt2(b.getOrDefault("lock", 0.0)) + " | " + fmt1(c.meanBatch()) + " / " + c.maxBatch() + " | "
                    + num(c.meanBatchRate()) + " |");
        }
        line("");
        catchUpStatements();
    }

    private void catchUpStatements() {
        if (r.statementsUnavailable != null) {
            line("Statements during catch-up: not measured (" + r.statementsUnavailable + ").");
            line("");
            return;
        }
        if (r.catchUpStatements.isEmpty()) {
            return;
        }
        line("PostgreSQL statements of each view during its catch-up (`pg_stat_statements`, reset before the service "
                + "started, `track = all`: statements run inside a function, the frontier's, are listed too and their "
                + "time is also in the calling statement's), the " + TOP_STATEMENTS + " with the most execution time, "
                + "per event of the log:");
        line("");
        r.catchUpStatements.forEach((view, statements) -> {
            line("| " + view + ": calls | µs / event | mean ms | rows / call | statement |");
            line("|---:|---:|---:|---:|---|");
            long events = r.catchUps.stream().filter(c -> c.view().equals(view)).mapToLong(CatchUp.CatchUpResult::frontier)
                    .findFirst().orElse(0);
            statements.stream().limit(TOP_STATEMENTS).forEach(st -> line("| " + st.calls() + " | "
                    + fmt1(events == 0 ? Double.NaN : st.totalMillis() * 1000 / events) + " | "
                    + String.format(Locale.ROOT, "%.3f", st.meanMillis()) + " | "
                    + fmt1(st.calls() == 0 ? 0 : (double) st.rows() / st.calls()) + " | `"
                    + abbreviated(st.query()) + "` |"));
            line("");
        });
    }

    private static String abbreviated(String query) {
        String q = query.replace("|", "\\|").replace("`", "'");
        return q.length() <= 160 ? q : q.substring(0, 157) + "…";
    }

    private void endToEnd() {
        ReadResults.EndToEndResult e = r.endToEnd;
        if (e == null) {
            return;
        }
        PhaseResult p = e.phase();
        line("## End to end: command acknowledged → visible in all three views");
        line("");
        line("Open loop at " + num(options.rate()) + " commands/s for " + options.e2eMeasure().toSeconds() + " s after "
                + options.e2eWarmup().toSeconds() + " s unmeasured warm-up (" + e.warmupErrors() + " failed), over "
                + options.poolAccounts() + " funded accounts: 40% deposits, 30% withdrawals, 30% transfers. Started "
                + "from " + e.startedFrom() + ". Right after each 2xx, one account query per view with "
                + "`?minPosition=<position>` (accounts: `GET /accounts/{id}`, back office: `GET /accounts/{id}`, audit: "
                + "`GET /accounts/{id}/balance`; for a transfer the receiving account); the write is visible when the "
                + "last of the three answered. Latencies in ms.");
        line("");
        line("| measure | count | p50 | p90 | p99 | max | mean |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        summaryRow("**acknowledged → visible in all three views**", e.visible());
        for (ReadView v : ReadView.values()) {
            Latencies.Summary s = e.perView().get(v);
            if (s != null) {
                summaryRow("acknowledged → " + v.service + " answered", s);
            }
        }
        summaryRow("command sent → acknowledged (2xx)", e.acknowledged());
        summaryRow("scheduled send → visible in all three (open-loop view)", p.latency());
        line("");
        line("Achieved " + num(p.throughput()) + " commands/s (" + p.completed() + " completed); failed: "
                + p.errors() + " (commands " + e.commandFailures() + ", view queries " + e.viewFailures() + ", of which "
                + e.unavailable() + " were 503).");
        line("");
        if (!p.errorSamples().isEmpty()) {
            line("Failure samples: `" + String.join("`, `", p.errorSamples()) + "`");
            line("");
        }
        JsonObject lag = e.relay() == null ? null : e.relay().getJsonObject("lag");
        if (lag != null) {
            line("Relay lag during the measurement (write side `GET /relay`, commit → broker ack): " + lag.getLong("count", 0L)
                    + " events, p50 " + micros(lag, "p50Micros") + ", p90 " + micros(lag, "p90Micros") + ", p99 "
                    + micros(lag, "p99Micros") + ", max " + micros(lag, "maxMicros") + " ms.");
            line("");
        }
        if (p.cpu() != null) {
            line("Cores busy during the measurement: " + cpuColumns().stream().map(c -> c + " "
                    + fmt2(p.cpu().cores().getOrDefault(c, 0.0))).reduce((a, b) -> a + ", " + b).orElse("") + ".");
            line("");
        }
    }

    private void summaryRow(String name, Latencies.Summary s) {
        line("| " + name + " | " + s.count() + " | " + ms(s.p50()) + " | " + ms(s.p90()) + " | " + ms(s.p99()) + " | "
                + ms(s.max()) + " | " + ms(s.mean()) + " |");
    }

    JsonObject json() {
        JsonObject out = new JsonObject().put("command", options.command())
                .put("machine", new JsonObject(new LinkedHashMap<>(r.machine)))
                .put("events", options.events()).put("accounts", options.accounts())
                .put("eventCounts", new JsonObject(new LinkedHashMap<>(r.eventCounts)));
        JsonObject baselines = new JsonObject();
        for (ReadResults.Baseline b : new ReadResults.Baseline[] {r.produce, r.rawConsumer, r.rawConsumerParsing,
                r.rawInsert}) {
            if (b != null) {
                baselines.put(b.name(), new JsonObject().put("how", b.how()).put("count", b.count())
                        .put("seconds", b.seconds()).put("perSecond", b.perSecond()).put("cpuCores", cores(b.cpu())));
            }
        }
        out.put("baselines", baselines);
        JsonArray catchUps = new JsonArray();
        for (CatchUp.CatchUpResult c : r.catchUps) {
            catchUps.add(new JsonObject().put("view", c.view()).put("caughtUp", c.caughtUp())
                    .put("frontier", c.frontier()).put("frontierAtReady", c.frontierAtReady())
                    .put("startupSeconds", c.startupSeconds()).put("secondsFromStart", c.secondsFromStart())
                    .put("secondsFromReady", c.secondsFromReady()).put("eventsPerSecondFromReady", c.rateFromReady())
                    .put("eventsPerSecondFromStart", c.rateFromStart())
                    .put("shareOfRawConsumer", c.rateFromReady() / perSecond(r.rawConsumer))
                    .put("shareOfRawConsumerParsing", c.rateFromReady() / perSecond(r.rawConsumerParsing))
                    .put("shareOfRawInsert", c.rateFromReady() / perSecond(r.rawInsert))
                    .put("goalMet", c.caughtUp() && c.rateFromReady() >= ReadBenchmark.CATCH_UP_GOAL)
                    .put("eventsApplied", c.eventsApplied()).put("deadLettered", c.deadLettered())
                    .put("skipped", c.skipped()).put("gaps", c.gaps()).put("status", c.status())
                    .put("batchEventsMean", c.meanBatch()).put("batchEventsMax", c.maxBatch())
                    .put("batchEventsPerSecondMean", c.meanBatchRate())
                    .put("cpuCoresFromReady", cores(c.cpuFromReady())).put("cpuCoresFromStart", cores(c.cpuFromStart()))
                    .put("cpuMicrosPerEvent", new JsonObject()
                            .put("service", cpuMicrosPerItem(c.cpuFromReady(), c.secondsFromReady(),
                                    c.frontier() - c.frontierAtReady(), c.view().replace("-view", "")))
                            .put("postgres", cpuMicrosPerItem(c.cpuFromReady(), c.secondsFromReady(),
                                    c.frontier() - c.frontierAtReady(), "postgres")))
                    .put("postgres", new JsonObject(new LinkedHashMap<String, Object>(c.pgDelta())))
                    .put("postgresBackends", new JsonObject(new LinkedHashMap<String, Object>(c.backends()))));
        }
        out.put("catchUps", catchUps);
        JsonObject statements = new JsonObject().put("unavailable", r.statementsUnavailable);
        r.catchUpStatements.forEach((view, list) -> {
            JsonArray all = new JsonArray();
            list.forEach(st -> all.add(new JsonObject().put("query", st.query()).put("calls", st.calls())
                    .put("callsPerEvent", st.callsPerCommand()).put("totalMillis", st.totalMillis())
                    .put("meanMillis", st.meanMillis()).put("rows", st.rows())));
            statements.put(view, all);
        });
        out.put("catchUpStatements", statements);
        ReadResults.EndToEndResult e = r.endToEnd;
        if (e != null) {
            JsonObject perView = new JsonObject();
            e.perView().forEach((v, s) -> perView.put(v.service, summary(s)));
            out.put("endToEnd", new JsonObject().put("rate", options.rate()).put("achieved", e.phase().throughput())
                    .put("seconds", e.phase().seconds()).put("startedFrom", e.startedFrom())
                    .put("visibleMs", summary(e.visible())).put("acknowledgedMs", summary(e.acknowledged()))
                    .put("scheduledToVisibleMs", summary(e.phase().latency())).put("perViewMs", perView)
                    .put("failures", e.phase().errors()).put("commandFailures", e.commandFailures())
                    .put("viewFailures", e.viewFailures()).put("unavailable503", e.unavailable())
                    .put("warmupFailures", e.warmupErrors())
                    .put("goalMet", e.phase().errors() == 0 && e.visible().p99() < ReadBenchmark.VISIBLE_P99_GOAL_MS)
                    .put("relay", e.relay())
                    .put("cpuCores", e.phase().cpu() == null ? null : cores(e.phase().cpu()))
                    .put("errorSamples", new JsonArray(e.phase().errorSamples())));
        }
        out.put("notes", new JsonArray(r.notes)).put("failure", r.failure);
        return out;
    }

    private static JsonObject summary(Latencies.Summary s) {
        return new JsonObject().put("count", s.count()).put("p50", s.p50()).put("p90", s.p90()).put("p99", s.p99())
                .put("max", s.max()).put("mean", s.mean());
    }

    private static JsonObject cores(CpuMeter.Usage usage) {
        return usage == null ? null : new JsonObject(new LinkedHashMap<String, Object>(usage.cores()));
    }

    private static List<String> cpuColumns() {
        return List.of("bench", "write", "accounts", "backoffice", "audit", "postgres", "kafka", "other", "iowait",
                "idle");
    }

    private static String cpuCells(CpuMeter.Usage usage) {
        if (usage == null) {
            return "n/a";
        }
        return String.join(" / ", cpuColumns().stream().map(c -> fmt2(usage.cores().getOrDefault(c, 0.0))).toList());
    }

    /** CPU time the given components used per item, in microseconds. */
    static double cpuMicrosPerItem(CpuMeter.Usage usage, double seconds, long items, String... components) {
        if (usage == null || items <= 0) {
            return Double.NaN;
        }
        double cores = 0;
        for (String c : components) {
            cores += usage.cores().getOrDefault(c, 0.0);
        }
        return cores * seconds * 1e6 / items;
    }

    private static double perSecond(ReadResults.Baseline b) {
        return b == null ? Double.NaN : b.perSecond();
    }

    private static String micros(JsonObject lag, String key) {
        return ms(lag.getLong(key, 0L) / 1000.0);
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private void table(String title, List<String> header, List<List<String>> rows) {
        line("## " + title);
        line("");
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        rows.forEach(row -> line("| " + String.join(" | ", row) + " |"));
        line("");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
