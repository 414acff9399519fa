package dev.tally.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Renders {@link Results} as the Markdown report (goals, tables, CPU evidence) and as raw JSON. */
final class Report {

    static final double DEPOSIT_SHARE_GOAL = 0.50;
    static final double HALF_PEAK_P99_GOAL_MS = 25;
    static final double RELAY_LAG_P99_GOAL_MS = 20;

    private final Results r;
    private final Options options;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, Options options) {
        this.r = results;
        this.options = options;
    }

    String markdown(String title) {
        line("# " + title);
        line("");
        line("Command: `" + options.command() + "`");
        line("");
        if (options.quick()) {
            line("**Quick smoke run (--quick): phases are too short for the numbers to be meaningful.**");
            line("");
        }
        if (r.failure != null) {
            line("**The run failed before it finished:** " + r.failure);
            line("");
        }
        machine();
        goals();
        throughput();
        halfPeak();
        relayLag();
        snapshots();
        cpu();
        if (!r.notes.isEmpty()) {
            line("## Notes");
            line("");
            r.notes.forEach(n -> line("- " + n));
            line("");
        }
        return md.toString();
    }

    private void machine() {
        line("## Machine and setup");
        line("");
        line("| fact | value |");
        line("|---|---|");
        r.machine.forEach((k, v) -> line("| " + k + " | " + v + " |"));
        line("");
    }

    private void goals() {
        line("## Goals (issue 3)");
        line("");
        line("| goal | measured | status |");
        line("|---|---|---|");
        int n = options.mainClients();
        var deposits = r.depositsAt(n);
        if (deposits.isPresent() && r.rawAt(n).isPresent()) {
            double share = r.shareOfRaw(deposits.get());
            line("| deposits ≥ 50% of raw inserts at " + n + " clients | " + pct(share) + " ("
                    + num(deposits.get().throughput()) + " vs " + num(r.rawAt(n).get().throughput()) + " /s) | "
                    + status(share >= DEPOSIT_SHARE_GOAL, deposits.get().errors()) + " |");
        } else {
            line("| deposits ≥ 50% of raw inserts at " + n + " clients | not measured | NOT MEASURED |");
        }
        if (r.halfPeak != null) {
            double p99 = r.halfPeak.latency().p99();
            line("| deposit p99 < 25 ms at half peak (" + num(r.halfPeak.targetRate()) + " /s) | " + ms(p99) + " | "
                    + status(p99 < HALF_PEAK_P99_GOAL_MS, r.halfPeak.errors()) + " |");
            JsonObject lag = r.relayLag.get(Results.label(r.halfPeak));
            if (lag != null && lag.getLong("count", 0L) > 0) {
                double lagP99 = lag.getLong("p99Micros") / 1000.0;
                line("| relay lag p99 < 20 ms at half peak (commit → broker ack) | " + ms(lagP99) + " | "
                        + status(lagP99 < RELAY_LAG_P99_GOAL_MS, 0) + " |");
            } else {
                line("| relay lag p99 < 20 ms at half peak | no lag samples | NOT MEASURED |");
            }
        } else {
            line("| deposit p99 < 25 ms at half peak | not measured | NOT MEASURED |");
            line("| relay lag p99 < 20 ms at half peak | not measured | NOT MEASURED |");
        }
        long errors = r.totalHttpErrors();
        line("| no HTTP errors (a valid run) | " + errors + " non-2xx or failed requests | "
                + (errors == 0 ? "MET" : "NOT MET (run invalid)") + " |");
        line("");
    }

    private void throughput() {
        line("## Throughput: raw PostgreSQL inserts vs the write service (closed loop)");
        line("");
        line("Each client sends its next request when the previous one answered. Latencies in ms.");
        line("");
        line("| phase | clients | per second | share of raw at same clients | p50 | p90 | p99 | max | errors |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<PhaseResult> all = new ArrayList<>();
        for (int clients : options.levels()) {
            r.rawAt(clients).ifPresent(all::add);
            r.depositsAt(clients).ifPresent(all::add);
        }
        all.addAll(r.opens);
        for (PhaseResult p : all) {
            boolean raw = r.raw.contains(p);
            line("| " + p.name() + " | " + p.clients() + " | " + num(p.throughput()) + " | "
                    + (raw ? "100%" : pct(r.shareOfRaw(p))) + " | " + latencyCells(p) + " | " + p.errors() + " |");
        }
        line("");
        errorSamples(all);
    }

    private void halfPeak() {
        if (r.halfPeak == null) {
            return;
        }
        PhaseResult p = r.halfPeak;
        line("## Deposits at half the peak rate (open loop, latency from the scheduled send time)");
        line("");
        line("| target /s | achieved /s | p50 | p90 | p99 | max | errors |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        line("| " + num(p.targetRate()) + " | " + num(p.throughput()) + " | " + latencyCells(p) + " | " + p.errors() + " |");
        line("");
        errorSamples(List.of(p));
    }

    private void relayLag() {
        if (r.relayLag.isEmpty()) {
            return;
        }
        line("## Relay lag per phase (commit → Kafka ack, from GET /relay, window reset at the start of each measurement)");
        line("");
        line("| phase | events | p50 | p90 | p99 | p99.9 | max |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        r.relayLag.forEach((phase, lag) -> line("| " + phase + " | " + lag.getLong("count", 0L) + " | "
                + micros(lag, "p50Micros") + " | " + micros(lag, "p90Micros") + " | " + micros(lag, "p99Micros") + " | "
                + micros(lag, "p999Micros") + " | " + micros(lag, "maxMicros") + " |"));
        line("");
    }

    private void snapshots() {
        if (r.snapshotsOn == null && r.snapshotsOff == null) {
            return;
        }
        line("## Snapshot effect: deposits to one account with a " + r.longStreamEvents + "-event stream");
        line("");
        line("One client, one deposit at a time, after a JIT warm-up; the service restarted with the setting shown.");
        line("");
        line("| TALLY_EVENTSTORE_SNAPSHOT_EVERY | deposits | p50 | p90 | p99 | max | mean | errors |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (PhaseResult p : new PhaseResult[] {r.snapshotsOn, r.snapshotsOff}) {
            if (p != null) {
                line("| " + p.name() + " | " + p.latency().count() + " | " + latencyCells(p) + " | "
                        + ms(p.latency().mean()) + " | " + p.errors() + " |");
            }
        }
        if (r.snapshotsOn != null && r.snapshotsOff != null && r.snapshotsOn.latency().p50() > 0) {
            line("");
            line("Without snapshots a deposit on this account takes **"
                    + String.format(Locale.ROOT, "%.1f×", r.snapshotsOff.latency().p50() / r.snapshotsOn.latency().p50())
                    + "** the time (p50), **" + String.format(Locale.ROOT, "%.1f×",
                    r.snapshotsOff.latency().mean() / r.snapshotsOn.latency().mean()) + "** (mean).");
        }
        line("");
    }

    private void cpu() {
        line("## CPU during each measurement (cores busy; the machine has " + r.machine.getOrDefault("cores", "?") + ")");
        line("");
        line("`other` is CPU used by processes this benchmark did not start (e.g. concurrent builds on a shared box).");
        line("");
        List<PhaseResult> all = new ArrayList<>(r.raw);
        all.addAll(r.deposits);
        all.addAll(r.opens);
        if (r.halfPeak != null) {
            all.add(r.halfPeak);
        }
        List<String> columns = null;
        for (PhaseResult p : all) {
            if (p.cpu() == null) {
                continue;
            }
            if (columns == null) {
                columns = List.copyOf(p.cpu().cores().keySet());
                line("| phase | " + String.join(" | ", columns) + " |");
                line("|---|" + "---:|".repeat(columns.size()));
            }
            StringBuilder row = new StringBuilder("| " + Results.label(p) + " |");
            for (String c : columns) {
                row.append(' ').append(String.format(Locale.ROOT, "%.2f", p.cpu().cores().getOrDefault(c, 0.0))).append(" |");
            }
            line(row.toString());
        }
        line("");
        backends();
    }

    private void backends() {
        if (r.backends.isEmpty()) {
            return;
        }
        line("## PostgreSQL client backends during each measurement (average count, sampled every 50 ms)");
        line("");
        line("`lock`: waiting for a lock (appenders queued behind the position counter's row lock); `idle_in_tx`: in a"
                + " transaction, waiting for its client's next statement (e.g. the COMMIT round trip); `io`: waiting"
                + " for I/O (WAL flush); `running`: on CPU or runnable.");
        line("");
        line("| phase | lock | idle_in_tx | io | running |");
        line("|---|---:|---:|---:|---:|");
        r.backends.forEach((phase, avg) -> {
            if (avg != null) {
                line("| " + phase + " | " + two(avg.get("lock")) + " | " + two(avg.get("idle_in_tx")) + " | "
                        + two(avg.get("io")) + " | " + two(avg.get("running")) + " |");
            }
        });
        line("");
    }

    private static String two(Double value) {
        return String.format(Locale.ROOT, "%.2f", value == null ? 0.0 : value);
    }

    private void errorSamples(List<PhaseResult> phases) {
        for (PhaseResult p : phases) {
            if (!p.errorSamples().isEmpty()) {
                line("Errors in " + Results.label(p) + ": `" + String.join("`, `", p.errorSamples()) + "`");
                line("");
            }
        }
    }

    JsonObject json() {
        JsonObject out = new JsonObject().put("command", options.command()).put("machine", new JsonObject(
                new java.util.LinkedHashMap<>(r.machine)));
        out.put("raw", phases(r.raw)).put("deposits", phases(r.deposits)).put("opens", phases(r.opens));
        if (r.halfPeak != null) {
            out.put("halfPeak", phase(r.halfPeak));
        }
        JsonObject lag = new JsonObject();
        r.relayLag.forEach(lag::put);
        out.put("relayLag", lag);
        JsonObject backends = new JsonObject();
        r.backends.forEach((k, v) -> backends.put(k, v == null ? null : new JsonObject(new java.util.LinkedHashMap<>(v))));
        out.put("postgresBackends", backends);
        if (r.snapshotsOn != null) {
            out.put("snapshotsOn", phase(r.snapshotsOn));
        }
        if (r.snapshotsOff != null) {
            out.put("snapshotsOff", phase(r.snapshotsOff));
        }
        out.put("longStreamEvents", r.longStreamEvents).put("httpErrors", r.totalHttpErrors()).put("failure", r.failure);
        return out;
    }

    private JsonArray phases(List<PhaseResult> list) {
        JsonArray array = new JsonArray();
        list.forEach(p -> array.add(phase(p)));
        return array;
    }

    private JsonObject phase(PhaseResult p) {
        Latencies.Summary l = p.latency();
        JsonObject o = new JsonObject().put("name", p.name()).put("clients", p.clients()).put("seconds", p.seconds())
                .put("completed", p.completed()).put("perSecond", p.throughput()).put("errors", p.errors())
                .put("targetRate", p.targetRate())
                .put("latencyMs", new JsonObject().put("count", l.count()).put("p50", l.p50()).put("p90", l.p90())
                        .put("p99", l.p99()).put("max", l.max()).put("mean", l.mean()));
        if (!r.raw.contains(p) && r.rawAt(p.clients()).isPresent() && p.clients() > 0) {
            o.put("shareOfRaw", r.shareOfRaw(p));
        }
        if (p.cpu() != null) {
            o.put("cpuCores", new JsonObject(new java.util.LinkedHashMap<String, Object>(p.cpu().cores())));
        }
        if (!p.errorSamples().isEmpty()) {
            o.put("errorSamples", new JsonArray(p.errorSamples()));
        }
        return o;
    }

    private static String latencyCells(PhaseResult p) {
        Latencies.Summary l = p.latency();
        return ms(l.p50()) + " | " + ms(l.p90()) + " | " + ms(l.p99()) + " | " + ms(l.max());
    }

    private static String status(boolean met, long errors) {
        if (errors > 0) {
            return "NOT MET (errors)";
        }
        return met ? "MET" : "NOT MET";
    }

    private static String micros(JsonObject lag, String key) {
        return ms(lag.getLong(key, 0L) / 1000.0);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

}
